package io.wghub.gateway.noise;

import io.wghub.gateway.DropReason;
import io.wghub.gateway.peer.Keypair;
import io.wghub.gateway.peer.Peer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Each decoder on its own (initiation, response, cookie reply, transport) meets truncated,
 * oversized, wrong-type, non-zero-reserved and random input, and answers with a drop reason.
 */
class MalformedInputTest {
    private static final long NOW = 1_000_000_000_000L;
    private final TestHub.ManualClock clock = new TestHub.ManualClock();
    private final TestHub local = new TestHub(clock);
    private final TestHub remote = new TestHub(clock);
    private final Keypair session;
    private final Peer remoteAtLocal;

    MalformedInputTest() {
        remoteAtLocal = local.trust(remote, null);
        remote.trust(local, null);
        byte[] initiation = remote.protocol.createInitiation(remote.peers.peers().iterator().next(), NOW);
        Consumed consumed = local.protocol.consumeInitiation(initiation, NOW);
        local.protocol.createResponse(consumed.peer(), NOW);
        session = local.protocol.beginSession(consumed.peer(), NOW);
    }

    private DropReason initiation(byte[] bytes) {
        return local.protocol.consumeInitiation(bytes, NOW).drop();
    }

    private DropReason response(byte[] bytes) {
        return local.protocol.consumeResponse(bytes, NOW).drop();
    }

    private DropReason cookieReply(byte[] bytes) {
        return CookieMaker.consumeReply(local.peers.indices(), bytes, NOW);
    }

    private DropReason transport(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(Math.max(1, bytes.length)).put(bytes).flip();
        return Transport.open(local.peers.indices(), buffer, NOW, new Transport.Received());
    }

    /** A plausible message: right type, length and a receiver index that exists here. */
    private byte[] plausible(int type, int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        Messages.writeHeader(bytes, type, session.localIndex());
        if (type == Messages.TYPE_RESPONSE) {
            Messages.writeIndex(bytes, Messages.RESPONSE_RECEIVER, session.localIndex());
        }
        return bytes;
    }

    private void eachShape(int type, int length, Function<byte[], DropReason> decoder) {
        byte[] good = plausible(type, length);
        assertNotNull(decoder.apply(good), "random body under a real index is still dropped");
        assertEquals(DropReason.TRUNCATED, decoder.apply(new byte[0]));
        assertEquals(DropReason.TRUNCATED, decoder.apply(Arrays.copyOf(good, 3)));
        assertEquals(DropReason.TRUNCATED, decoder.apply(Arrays.copyOf(good, type == 4 ? 31 : length - 1)));
        if (type != Messages.TYPE_TRANSPORT) {
            assertEquals(DropReason.OVERSIZED, decoder.apply(Arrays.copyOf(good, length + 1)));
        } else {
            assertEquals(DropReason.OVERSIZED, decoder.apply(Arrays.copyOf(good, Messages.TRANSPORT_MAX_LENGTH + 1)));
        }
        for (int wrong : new int[]{0, type % 4 + 1, 5, 255}) {
            byte[] other = good.clone();
            other[0] = (byte) wrong;
            assertEquals(DropReason.UNKNOWN_TYPE, decoder.apply(other), "type " + wrong);
        }
        for (int at = 1; at <= 3; at++) {
            byte[] reserved = good.clone();
            reserved[at] = 1;
            assertEquals(DropReason.RESERVED_NONZERO, decoder.apply(reserved));
        }
        Random random = new Random(type);
        for (int i = 0; i < 2_000; i++) {
            byte[] noise = new byte[random.nextInt(length + 40)];
            random.nextBytes(noise);
            if (random.nextBoolean() && noise.length > 0) {
                noise[0] = (byte) type;
            }
            assertNotNull(decoder.apply(noise));
        }
    }

    @Test
    void initiationDecoder() {
        eachShape(Messages.TYPE_INITIATION, Messages.INITIATION_LENGTH, this::initiation);
    }

    @Test
    void responseDecoder() {
        eachShape(Messages.TYPE_RESPONSE, Messages.RESPONSE_LENGTH, this::response);
        // A response naming our pending handshake, with a random body, fails authentication.
        local.protocol.createInitiation(remoteAtLocal, NOW);
        byte[] forged = plausible(Messages.TYPE_RESPONSE, Messages.RESPONSE_LENGTH);
        Messages.writeIndex(forged, Messages.RESPONSE_RECEIVER, remoteAtLocal.handshake().localIndex());
        assertEquals(DropReason.INVALID_RESPONSE, response(forged));
    }

    @Test
    void cookieReplyDecoder() {
        eachShape(Messages.TYPE_COOKIE_REPLY, Messages.COOKIE_REPLY_LENGTH, this::cookieReply);
    }

    @Test
    void transportDecoder() {
        eachShape(Messages.TYPE_TRANSPORT, 200, this::transport);
        assertEquals(DropReason.DECRYPT_FAILED, transport(plausible(Messages.TYPE_TRANSPORT, 200)));
    }
}
