package io.wghub.gateway.noise;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.wghub.gateway.DropReason;
import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.peer.Keypair;
import io.wghub.gateway.peer.Peer;

import java.nio.ByteBuffer;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Coverage-guided fuzzing (Jazzer) of everything that reads bytes from the network or text
 * from a user: framing, the three handshake decoders, transport opening and key parsing. Each
 * must answer with a drop reason or a clean IllegalArgumentException, never anything else.
 */
class DecoderFuzzTest {
    private static final long NOW = 5_000_000_000_000L;
    private static final TestHub.ManualClock CLOCK = new TestHub.ManualClock();
    private static final TestHub LOCAL = new TestHub(CLOCK);
    private static final TestHub REMOTE = new TestHub(CLOCK);
    private static final Peer REMOTE_AT_LOCAL = LOCAL.trust(REMOTE, null);
    private static final Keypair SESSION;

    static {
        REMOTE.trust(LOCAL, null);
        // A live session and a pending initiation, so fuzzed indices can hit real entries.
        byte[] initiation = REMOTE.protocol.createInitiation(REMOTE.peers.peers().iterator().next(), NOW);
        Consumed consumed = LOCAL.protocol.consumeInitiation(initiation, NOW);
        LOCAL.protocol.createResponse(consumed.peer(), NOW);
        SESSION = LOCAL.protocol.beginSession(consumed.peer(), NOW);
        CLOCK.advance(Duration.ofSeconds(1));
        LOCAL.protocol.createInitiation(REMOTE_AT_LOCAL, NOW);
    }

    @FuzzTest(maxDuration = "60s")
    void decodersAnswerWithADropReasonNeverAnException(FuzzedDataProvider data) {
        int target = data.consumeInt(0, 3);
        switch (target) {
            case 0 -> datagram(data);
            case 1 -> aimedAtRealIndices(data);
            case 2 -> {
                String text = data.consumeRemainingAsAsciiString();
                try {
                    assertEquals(32, KeyEncoding.fromBase64(text, "fuzz").length);
                } catch (IllegalArgumentException e) {
                    assertFalse(e.getMessage().contains("\n"), "one-line error");
                }
            }
            default -> {
                try {
                    io.wghub.gateway.cli.PubKeyCommandAccess.readKey(data.consumeRemainingAsBytes());
                } catch (IllegalArgumentException e) {
                    assertFalse(e.getMessage().contains("\n"), "one-line error");
                }
            }
        }
    }

    private static void datagram(FuzzedDataProvider data) {
        byte[] bytes = data.consumeRemainingAsBytes();
        deliver(bytes);
    }

    /** Random bodies behind headers that name the session or pending handshake of LOCAL. */
    private static void aimedAtRealIndices(FuzzedDataProvider data) {
        int type = data.consumeInt(1, 4);
        int index = data.consumeBoolean() ? SESSION.localIndex() : REMOTE_AT_LOCAL.handshake().localIndex();
        byte[] bytes = data.consumeRemainingAsBytes();
        int length = switch (type) {
            case 1 -> Messages.INITIATION_LENGTH;
            case 2 -> Messages.RESPONSE_LENGTH;
            case 3 -> Messages.COOKIE_REPLY_LENGTH;
            default -> Math.max(Messages.TRANSPORT_MIN_LENGTH, bytes.length + Messages.TRANSPORT_HEADER_LENGTH);
        };
        byte[] message = new byte[length];
        System.arraycopy(bytes, 0, message, 0, Math.min(bytes.length, length));
        Messages.writeHeader(message, type, index);
        if (type == Messages.TYPE_RESPONSE) {
            Messages.writeIndex(message, Messages.RESPONSE_RECEIVER, index);
        }
        deliver(message);
    }

    private static void deliver(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(1, bytes.length));
        buffer.put(bytes).flip();
        DropReason framing = Messages.check(buffer);
        if (framing != null) {
            return;
        }
        DropReason reason = switch (Messages.type(buffer)) {
            case Messages.TYPE_INITIATION -> {
                LOCAL.cookies.validMac1(bytes);
                LOCAL.cookies.validMac2(bytes, new byte[]{127, 0, 0, 1}, 1, NOW);
                yield LOCAL.protocol.consumeInitiation(bytes, NOW).drop();
            }
            case Messages.TYPE_RESPONSE -> LOCAL.protocol.consumeResponse(bytes, NOW).drop();
            case Messages.TYPE_COOKIE_REPLY -> CookieMaker.consumeReply(LOCAL.peers.indices(), bytes, NOW);
            default -> Transport.open(LOCAL.peers.indices(), buffer, NOW, new Transport.Received());
        };
        // Forging a valid message from random bytes is infeasible: everything is dropped.
        assertNotNull(reason, "random bytes were accepted as a valid message");
    }
}
