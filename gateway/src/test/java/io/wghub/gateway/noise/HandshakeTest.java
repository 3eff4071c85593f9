package io.wghub.gateway.noise;

import io.wghub.gateway.DropReason;
import io.wghub.gateway.peer.Keypair;
import io.wghub.gateway.peer.Peer;
import io.wghub.gateway.peer.ReplayWindow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** In-process Noise_IKpsk2 handshakes between two hubs, then transport packets both ways. */
class HandshakeTest {
    private static final int MTU = 1420;
    private static final byte[] ADDRESS = {127, 0, 0, 1};
    private long now = 1_000_000_000_000L;

    private final TestHub.ManualClock wallClock = new TestHub.ManualClock();
    private final TestHub alice = new TestHub(wallClock);
    private final TestHub bob = new TestHub(wallClock);

    /** Runs a whole handshake alice → bob and returns {alice's keypair, bob's keypair}. */
    private Keypair[] handshake(Peer bobAtAlice) {
        byte[] initiation = alice.protocol.createInitiation(bobAtAlice, now);
        assertNotNull(initiation);
        assertEquals(Messages.INITIATION_LENGTH, initiation.length);
        assertNull(Messages.check(ByteBuffer.wrap(initiation)));
        assertTrue(bob.cookies.validMac1(initiation), "mac1 of a fresh initiation verifies");

        Consumed atBob = bob.protocol.consumeInitiation(initiation, now);
        assertTrue(atBob.ok(), () -> "initiation dropped: " + atBob.drop());
        byte[] response = bob.protocol.createResponse(atBob.peer(), now);
        assertNotNull(response);
        assertEquals(Messages.RESPONSE_LENGTH, response.length);
        assertTrue(alice.cookies.validMac1(response), "mac1 of the response is keyed to the initiator");
        Keypair bobKeys = bob.protocol.beginSession(atBob.peer(), now);

        Consumed atAlice = alice.protocol.consumeResponse(response, now);
        assertTrue(atAlice.ok(), () -> "response dropped: " + atAlice.drop());
        assertSame(bobAtAlice, atAlice.peer());
        Keypair aliceKeys = alice.protocol.beginSession(bobAtAlice, now);
        assertNotNull(aliceKeys);
        assertNotNull(bobKeys);
        assertEquals(aliceKeys.localIndex(), bobKeys.remoteIndex());
        assertEquals(bobKeys.localIndex(), aliceKeys.remoteIndex());
        return new Keypair[]{aliceKeys, bobKeys};
    }

    private static ByteBuffer seal(Keypair keypair, byte[] plaintext) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(Messages.TRANSPORT_HEADER_LENGTH + plaintext.length + 64);
        buffer.put(Messages.TRANSPORT_HEADER_LENGTH, plaintext);
        assertNull(Transport.seal(keypair, buffer, plaintext.length, MTU, 0));
        return buffer;
    }

    private static ByteBuffer copy(ByteBuffer message) {
        ByteBuffer copy = ByteBuffer.allocateDirect(message.capacity());
        copy.put(0, message, message.position(), message.remaining());
        return copy.limit(message.remaining());
    }

    private DropReason open(TestHub hub, ByteBuffer message, Transport.Received out) {
        assertNull(Messages.check(message));
        return Transport.open(hub.peers.indices(), message, now, out);
    }

    private static byte[] plaintext(ByteBuffer opened, int length) {
        byte[] bytes = new byte[length];
        opened.get(opened.position(), bytes);
        return bytes;
    }

    @ParameterizedTest(name = "pre-shared key: {0}")
    @ValueSource(booleans = {false, true})
    void handshakeThenTransportBothWays(boolean withPsk) {
        byte[] psk = null;
        if (withPsk) {
            psk = new byte[32];
            new SecureRandom().nextBytes(psk);
        }
        Peer bobAtAlice = alice.trust(bob, psk);
        Peer aliceAtBob = bob.trust(alice, psk);
        Keypair[] keys = handshake(bobAtAlice);

        // The responder holds its new session as "next" until the initiator uses it.
        assertSame(keys[1], aliceAtBob.keypairs().next());
        assertNull(aliceAtBob.keypairs().current());
        assertSame(keys[0], bobAtAlice.keypairs().current());

        byte[] hello = "hello from alice".getBytes(StandardCharsets.UTF_8);
        Transport.Received received = new Transport.Received();
        ByteBuffer toBob = seal(keys[0], hello);
        assertNull(open(bob, toBob, received));
        assertSame(keys[1], received.keypair());
        assertArrayEquals(hello, plaintext(toBob, hello.length));
        assertEquals(16, toBob.remaining(), "16 bytes of plaintext need no padding");
        assertTrue(aliceAtBob.keypairs().confirm(received.keypair()));
        assertSame(keys[1], aliceAtBob.keypairs().current());

        byte[] reply = new byte[1400];
        new SecureRandom().nextBytes(reply);
        ByteBuffer toAlice = seal(keys[1], reply);
        assertNull(open(alice, toAlice, received));
        assertSame(keys[0], received.keypair());
        assertArrayEquals(reply, plaintext(toAlice, reply.length));

        ByteBuffer keepalive = seal(keys[0], new byte[0]);
        assertEquals(Messages.TRANSPORT_MIN_LENGTH, keepalive.remaining());
        assertNull(open(bob, keepalive, received));
        assertEquals(0, keepalive.remaining());
    }

    @Test
    void mismatchedPresharedKeysFailTheResponse() {
        byte[] psk = new byte[32];
        psk[0] = 1;
        Peer bobAtAlice = alice.trust(bob, psk);
        bob.trust(alice, null);
        byte[] initiation = alice.protocol.createInitiation(bobAtAlice, now);
        Consumed atBob = bob.protocol.consumeInitiation(initiation, now);
        assertTrue(atBob.ok(), "the PSK enters only at the response");
        byte[] response = bob.protocol.createResponse(atBob.peer(), now);
        assertEquals(DropReason.INVALID_RESPONSE, alice.protocol.consumeResponse(response, now).drop());
        assertNull(alice.protocol.beginSession(bobAtAlice, now));
    }

    @Test
    void outOfOrderInsideTheWindowIsAcceptedOnceDuplicatesAndTooOldAreRejected() {
        Peer bobAtAlice = alice.trust(bob, null);
        bob.trust(alice, null);
        Keypair[] keys = handshake(bobAtAlice);
        Transport.Received received = new Transport.Received();

        List<ByteBuffer> sent = new ArrayList<>();
        int total = 100 + ReplayWindow.WINDOW;
        for (int i = 0; i < total; i++) {
            sent.add(seal(keys[0], new byte[]{(byte) i}));
        }
        // Deliver counters 100..total-1 in a shuffled order, each twice.
        List<Integer> order = new ArrayList<>();
        for (int i = 100; i < total; i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, new java.util.Random(7));
        for (int i : order) {
            ByteBuffer duplicate = copy(sent.get(i));
            assertNull(open(bob, sent.get(i), received), "counter " + i + " arrives first time");
            assertEquals(i, received.counter());
            assertEquals(DropReason.REPLAYED_PACKET, open(bob, duplicate, received), "counter " + i + " again");
        }
        // Newest is total-1; counters more than WINDOW behind it are refused, the rest once.
        int oldestAccepted = total - 1 - ReplayWindow.WINDOW;
        for (int i = 0; i < 100; i++) {
            DropReason verdict = open(bob, copy(sent.get(i)), received);
            if (i < oldestAccepted) {
                assertEquals(DropReason.REPLAYED_PACKET, verdict, "counter " + i + " is older than the window");
            } else {
                assertNull(verdict, "counter " + i + " is still inside the window");
            }
        }
    }

    @Test
    void packetUnderTheWrongKeyOrTamperedIsRejected() {
        Peer bobAtAlice = alice.trust(bob, null);
        bob.trust(alice, null);
        Keypair[] keys = handshake(bobAtAlice);
        Transport.Received received = new Transport.Received();

        // Sealed under alice's receiving key instead of her sending key: bob cannot open it.
        ByteBuffer wrongKey = ByteBuffer.allocateDirect(128);
        wrongKey.put(Messages.TRANSPORT_HEADER_LENGTH, new byte[20]);
        Keypair imposter = new Keypair(bobAtAlice, new byte[32], new byte[32], keys[0].localIndex(),
                keys[0].remoteIndex(), 0, true, Protocol.REJECT_AFTER_TIME.toNanos());
        assertNull(Transport.seal(imposter, wrongKey, 20, MTU, 0));
        assertEquals(DropReason.DECRYPT_FAILED, open(bob, wrongKey, received));

        ByteBuffer tampered = seal(keys[0], new byte[40]);
        ByteBuffer pristine = copy(tampered);
        tampered.put(20, (byte) (tampered.get(20) ^ 1));
        assertEquals(DropReason.DECRYPT_FAILED, open(bob, tampered, received));
        // The failed packet did not record its counter: the genuine packet with it still opens.
        assertNull(open(bob, pristine, received));
        assertEquals(0, received.counter());

        ByteBuffer unknown = seal(keys[0], new byte[8]);
        unknown.putInt(4, keys[0].remoteIndex() ^ 0x5a5a5a5a);
        assertEquals(DropReason.UNKNOWN_RECEIVER, open(bob, unknown, received));
    }

    @Test
    void replayedInitiationIsRejected() {
        Peer bobAtAlice = alice.trust(bob, null);
        bob.trust(alice, null);
        byte[] initiation = alice.protocol.createInitiation(bobAtAlice, now);
        assertTrue(bob.protocol.consumeInitiation(initiation, now).ok());
        now += 1_000_000_000L;
        assertEquals(DropReason.REPLAYED_INITIATION, bob.protocol.consumeInitiation(initiation, now).drop());
    }

    @Test
    void initiationsFasterThanFiftyPerSecondAreAFlood() {
        Peer bobAtAlice = alice.trust(bob, null);
        bob.trust(alice, null);
        assertTrue(bob.protocol.consumeInitiation(alice.protocol.createInitiation(bobAtAlice, now), now).ok());
        wallClock.advance(Duration.ofMillis(100));
        byte[] second = alice.protocol.createInitiation(bobAtAlice, now);
        assertEquals(DropReason.INITIATION_FLOOD, bob.protocol.consumeInitiation(second, now + 10_000_000).drop(),
                "a newer timestamp, but only 10 ms after the last one");
        wallClock.advance(Duration.ofMillis(100));
        byte[] third = alice.protocol.createInitiation(bobAtAlice, now);
        assertTrue(bob.protocol.consumeInitiation(third, now + 30_000_000).ok(), "30 ms later is allowed");
    }

    @Test
    void initiationFromAnUnknownKeyIsInvalid() {
        Peer bobAtAlice = alice.trust(bob, null);
        // bob does not know alice.
        byte[] initiation = alice.protocol.createInitiation(bobAtAlice, now);
        assertTrue(bob.cookies.validMac1(initiation), "mac1 only proves the sender knows bob's key");
        assertEquals(DropReason.INVALID_INITIATION, bob.protocol.consumeInitiation(initiation, now).drop());
    }

    @Test
    void badMac1IsDetected() {
        Peer bobAtAlice = alice.trust(bob, null);
        byte[] initiation = alice.protocol.createInitiation(bobAtAlice, now);
        initiation[Messages.INITIATION_MAC1] ^= 1;
        assertFalse(bob.cookies.validMac1(initiation));
        // Keyed to another responder's public key: also invalid at bob.
        TestHub carol = new TestHub(wallClock);
        byte[] toCarol = alice.protocol.createInitiation(alice.trust(carol, null), now);
        assertFalse(bob.cookies.validMac1(toCarol));
    }

    @Test
    void cookieRoundTripUnderLoad() {
        Peer bobAtAlice = alice.trust(bob, null);
        bob.trust(alice, null);
        int port = 51820;

        byte[] initiation = alice.protocol.createInitiation(bobAtAlice, now);
        assertTrue(bob.cookies.validMac1(initiation));
        assertFalse(bob.cookies.validMac2(initiation, ADDRESS, port, now), "no cookie yet: mac2 is zeros");

        // Under load bob answers with a cookie reply instead of a response.
        byte[] reply = bob.cookies.createReply(initiation, ADDRESS, port, now);
        assertEquals(Messages.COOKIE_REPLY_LENGTH, reply.length);
        assertNull(Messages.check(ByteBuffer.wrap(reply)));
        assertEquals(Messages.readIndex(initiation, Messages.OFFSET_INDEX), Messages.readIndex(reply, Messages.OFFSET_INDEX));
        assertNull(CookieMaker.consumeReply(alice.peers.indices(), reply, now));
        assertEquals(DropReason.INVALID_COOKIE_REPLY, CookieMaker.consumeReply(alice.peers.indices(), reply, now),
                "a reply is bound to one mac1 and used once");

        // The retried initiation carries a valid mac2 for this address and port only.
        now += 5_000_000_000L;
        byte[] retry = alice.protocol.createInitiation(bobAtAlice, now);
        assertTrue(bob.cookies.validMac1(retry));
        assertTrue(bob.cookies.validMac2(retry, ADDRESS, port, now));
        assertFalse(bob.cookies.validMac2(retry, ADDRESS, port + 1, now));
        assertFalse(bob.cookies.validMac2(retry, new byte[]{127, 0, 0, 2}, port, now));
        Consumed consumed = bob.protocol.consumeInitiation(retry, now);
        assertTrue(consumed.ok());

        // After the responder's secret rotates, the old cookie no longer earns a valid mac2.
        now += Protocol.COOKIE_SECRET_MAX_AGE.toNanos() + 1;
        byte[] stale = alice.protocol.createInitiation(bobAtAlice, now - Protocol.COOKIE_SECRET_MAX_AGE.toNanos());
        assertFalse(bob.cookies.validMac2(stale, ADDRESS, port, now));
    }

    @Test
    void cookieReplyWithWrongMac1OrTamperedIsRejected() {
        Peer bobAtAlice = alice.trust(bob, null);
        byte[] initiation = alice.protocol.createInitiation(bobAtAlice, now);
        byte[] reply = bob.cookies.createReply(initiation, ADDRESS, 1, now);
        byte[] tampered = reply.clone();
        tampered[Messages.COOKIE_ENCRYPTED] ^= 1;
        assertEquals(DropReason.INVALID_COOKIE_REPLY, CookieMaker.consumeReply(alice.peers.indices(), tampered, now));
        // alice sends a new initiation: the reply to the old one no longer matches her mac1.
        alice.protocol.createInitiation(bobAtAlice, now);
        byte[] forOld = reply.clone();
        Messages.writeIndex(forOld, Messages.OFFSET_INDEX, bobAtAlice.handshake().localIndex());
        assertEquals(DropReason.INVALID_COOKIE_REPLY, CookieMaker.consumeReply(alice.peers.indices(), forOld, now));
    }

    @Test
    void expiredSessionNeitherSendsNorReceives() {
        Peer bobAtAlice = alice.trust(bob, null);
        bob.trust(alice, null);
        Keypair[] keys = handshake(bobAtAlice);
        long late = now + Protocol.REJECT_AFTER_TIME.toNanos();
        ByteBuffer buffer = ByteBuffer.allocateDirect(64);
        assertEquals(DropReason.KEYPAIR_EXPIRED, Transport.seal(keys[0], buffer, 0, MTU, late));
        ByteBuffer fresh = seal(keys[0], new byte[4]);
        assertEquals(DropReason.KEYPAIR_EXPIRED, Transport.open(bob.peers.indices(), fresh, late, new Transport.Received()));
    }

    @Test
    void aSecondHandshakeRotatesSessions() {
        Peer bobAtAlice = alice.trust(bob, null);
        Peer aliceAtBob = bob.trust(alice, null);
        Keypair[] first = handshake(bobAtAlice);
        Transport.Received received = new Transport.Received();
        assertNull(open(bob, seal(first[0], new byte[1]), received));
        aliceAtBob.keypairs().confirm(received.keypair());

        now += 2_000_000_000L;
        wallClock.advance(Duration.ofSeconds(2));
        Keypair[] second = handshake(bobAtAlice);
        assertSame(second[0], bobAtAlice.keypairs().current());
        assertSame(first[0], bobAtAlice.keypairs().previous());
        assertSame(first[1], aliceAtBob.keypairs().current(), "bob keeps sending on the confirmed session");
        assertSame(second[1], aliceAtBob.keypairs().next());

        // A late packet under the old session still opens at alice (previous keypair).
        assertNull(open(alice, seal(first[1], new byte[3]), received));
        assertSame(first[0], received.keypair());

        // First packet under the new session confirms it at bob; the old one becomes previous.
        assertNull(open(bob, seal(second[0], new byte[2]), received));
        assertTrue(aliceAtBob.keypairs().confirm(received.keypair()));
        assertSame(second[1], aliceAtBob.keypairs().current());
        assertSame(first[1], aliceAtBob.keypairs().previous());

        // A third handshake drops the oldest session: its index and keys are gone.
        now += 2_000_000_000L;
        wallClock.advance(Duration.ofSeconds(2));
        handshake(bobAtAlice);
        assertTrue(first[0].destroyed());
        assertNull(alice.peers.indices().lookup(first[0].localIndex()));
    }

    @Test
    void removingAPeerMidHandshakeStartsNoSessionAndLeaksNoIndex() {
        Peer bobAtAlice = alice.trust(bob, null);
        Peer aliceAtBob = bob.trust(alice, null);
        byte[] initiation = alice.protocol.createInitiation(bobAtAlice, now);
        Consumed atBob = bob.protocol.consumeInitiation(initiation, now);
        assertNotNull(bob.protocol.createResponse(atBob.peer(), now));
        assertEquals(1, bob.peers.indices().size(), "the response's index");
        bob.peers.remove(aliceAtBob);
        assertNull(bob.protocol.beginSession(aliceAtBob, now), "a removed peer gets no session");
        assertNull(aliceAtBob.keypairs().next());
        assertEquals(0, bob.peers.indices().size(), "no index left behind");
        assertNull(bob.protocol.createInitiation(aliceAtBob, now), "nor a new handshake");
    }

    @Test
    void idleErasureKeepsThePresharedKeySoTheNextHandshakeWorks() {
        byte[] psk = new byte[32];
        psk[5] = 9;
        Peer bobAtAlice = alice.trust(bob, psk);
        Peer aliceAtBob = bob.trust(alice, psk);
        Keypair[] first = handshake(bobAtAlice);
        alice.protocol.zeroKeyMaterial(bobAtAlice);
        bob.protocol.zeroKeyMaterial(aliceAtBob);
        assertTrue(first[0].destroyed());
        assertTrue(first[1].destroyed());
        assertNull(bobAtAlice.keypairs().current());
        assertEquals(0, alice.peers.indices().size());
        assertEquals(0, bob.peers.indices().size());
        now += 2_000_000_000L;
        wallClock.advance(Duration.ofSeconds(2));
        Keypair[] second = handshake(bobAtAlice);
        assertNotNull(second[0], "the pre-shared key survived the erasure");
    }

    @Test
    void sealingUnderADestroyedSessionIsADropAndLeavesTheBufferAlone() {
        Peer bobAtAlice = alice.trust(bob, null);
        bob.trust(alice, null);
        Keypair[] keys = handshake(bobAtAlice);
        keys[0].destroy();
        ByteBuffer buffer = ByteBuffer.allocateDirect(128).position(8).limit(40);
        assertEquals(DropReason.KEYPAIR_EXPIRED, Transport.seal(keys[0], buffer, 16, MTU, now));
        assertEquals(8, buffer.position());
        assertEquals(40, buffer.limit());
    }

    @Test
    void sealingWorksWhateverTheLimitAndRefusesATooSmallBuffer() {
        Peer bobAtAlice = alice.trust(bob, null);
        bob.trust(alice, null);
        Keypair[] keys = handshake(bobAtAlice);
        byte[] inner = new byte[21];
        new SecureRandom().nextBytes(inner);
        // As a reader leaves it: limit at the end of the plaintext, not at the capacity.
        ByteBuffer flipped = ByteBuffer.allocateDirect(128);
        flipped.position(Messages.TRANSPORT_HEADER_LENGTH).put(inner).flip();
        assertNull(Transport.seal(keys[0], flipped, inner.length, MTU, now));
        assertEquals(Messages.TRANSPORT_HEADER_LENGTH + 32 + 16, flipped.remaining(), "21 bytes pad to 32");
        Transport.Received received = new Transport.Received();
        assertNull(open(bob, flipped, received));
        assertArrayEquals(inner, plaintext(flipped, inner.length));

        ByteBuffer tooSmall = ByteBuffer.allocateDirect(Messages.TRANSPORT_HEADER_LENGTH + 32);
        assertThrows(IllegalArgumentException.class, () -> Transport.seal(keys[0], tooSmall, 21, MTU, now));
    }
}
