package io.wghub.gateway.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** In-place sealing and opening of heap and direct buffers with {@link TransportKey}. */
class TransportKeyTest {

    /** Packets are loaded at a non-zero position, as they sit behind a header in real buffers. */
    private static final int OFFSET = 3;
    private static final int[] SIZES = {0, 1, 15, 16, 17, 1420, 9000};

    private final byte[] keyBytes = new byte[32];
    private final Random random = new Random(11);

    TransportKeyTest() {
        random.nextBytes(keyBytes);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void roundTripsInPlace(boolean direct) {
        TransportKey key = new TransportKey(keyBytes);
        for (int len : SIZES) {
            int pos = 7;
            ByteBuffer buf = allocate(direct, pos + len + 16 + 5);
            byte[] plain = new byte[len];
            random.nextBytes(plain);
            buf.position(pos);
            buf.put(plain);
            buf.flip().position(pos);

            key.seal(len, buf);
            assertEquals(pos, buf.position(), "position unchanged");
            assertEquals(pos + len + 16, buf.limit(), "tag appended");

            // The ciphertext must equal a plain Aead.seal under the WireGuard nonce.
            byte[] expected = new byte[len + 16];
            Aead.seal(keyBytes, len, plain, 0, len, null, expected, 0);
            assertArrayEquals(expected, contents(buf), "size " + len);

            assertTrue(key.open(len, buf), "size " + len);
            assertEquals(pos, buf.position());
            assertEquals(pos + len, buf.limit());
            assertArrayEquals(plain, contents(buf), "size " + len);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void wrongCounterFlippedBitAndShortInputAreRejected(boolean direct) {
        TransportKey key = new TransportKey(keyBytes);
        byte[] sealed = sealOnce(key, direct, 100, 1420);

        ByteBuffer buf = load(direct, sealed);
        assertFalse(key.open(101, buf));
        assertEquals(OFFSET + sealed.length, buf.limit(), "limit unchanged on failure");

        for (int i : new int[] {0, 700, 1419, 1420, sealed.length - 1}) {
            byte[] bad = sealed.clone();
            bad[i] ^= 0x20;
            ByteBuffer b = load(direct, bad);
            assertFalse(key.open(100, b), "flip at " + i);
            assertEquals(OFFSET + bad.length, b.limit());
        }
        for (int len = 0; len < 16; len++) {
            ByteBuffer b = load(direct, new byte[len]);
            assertFalse(key.open(0, b));
            assertEquals(OFFSET + len, b.limit());
        }
        assertTrue(key.open(100, load(direct, sealed)));
        assertFalse(new TransportKey(new byte[32]).open(100, load(direct, sealed)), "wrong key");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void destroyedKeyRefusesToWork(boolean direct) {
        TransportKey key = new TransportKey(keyBytes);
        byte[] sealed = sealOnce(key, direct, 5, 64);
        assertFalse(key.isDestroyed());
        key.destroy();
        assertTrue(key.isDestroyed());
        assertFalse(key.open(5, load(direct, sealed)));
        ByteBuffer buf = allocate(direct, 64 + 16);
        buf.limit(64);
        assertThrows(IllegalStateException.class, () -> key.seal(6, buf));
        assertEquals(64, buf.limit());
    }

    @Test
    void constructorCopiesTheKey() {
        byte[] mine = keyBytes.clone();
        TransportKey key = new TransportKey(mine);
        Arrays.fill(mine, (byte) 0);
        byte[] sealed = sealOnce(key, false, 1, 10);
        assertTrue(new TransportKey(keyBytes).open(1, load(false, sealed)));
    }

    @Test
    void sealNeedsRoomForTheTag() {
        TransportKey key = new TransportKey(keyBytes);
        ByteBuffer buf = ByteBuffer.allocate(100);
        buf.limit(90);
        assertThrows(IllegalArgumentException.class, () -> key.seal(0, buf));
        assertEquals(90, buf.limit());
    }

    /** A heap buffer that is a slice of a larger array exercises arrayOffset(). */
    @Test
    void heapSliceWithArrayOffset() {
        TransportKey key = new TransportKey(keyBytes);
        byte[] backing = new byte[2000];
        ByteBuffer slice = ByteBuffer.wrap(backing, 100, 1500).slice();
        slice.limit(1420);
        byte[] plain = new byte[1420];
        random.nextBytes(plain);
        slice.put(0, plain);
        key.seal(3, slice);
        assertEquals(1436, slice.limit());
        assertTrue(key.open(3, slice));
        assertArrayEquals(plain, contents(slice));
        assertEquals(0, backing[99]);
        assertEquals(0, backing[100 + 1500]);
    }

    @Test
    void concurrentSealAndOpenOnOneKey() throws Exception {
        TransportKey key = new TransportKey(keyBytes);
        AtomicBoolean failed = new AtomicBoolean();
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            boolean direct = (t & 1) == 0;
            long base = t * 1_000_000L;
            ts[t] = new Thread(() -> {
                ByteBuffer buf = allocate(direct, 1420 + 16);
                for (long c = base; c < base + 3000; c++) {
                    buf.clear().limit(1420);
                    buf.put(0, (byte) c);
                    key.seal(c, buf);
                    if (!key.open(c, buf) || buf.get(0) != (byte) c || buf.limit() != 1420) {
                        failed.set(true);
                    }
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertFalse(failed.get());
    }

    /** Whatever the interleaving, a packet that seal() accepted must be sealed under the real key. */
    @Test
    void destroyRacingWithSealNeverSealsUnderAWipedKey() throws Exception {
        TransportKey reference = new TransportKey(keyBytes);
        for (int round = 0; round < 20; round++) {
            TransportKey key = new TransportKey(keyBytes);
            List<byte[]> sealed = new ArrayList<>();
            Thread sealer = new Thread(() -> {
                ByteBuffer buf = ByteBuffer.allocateDirect(64 + 16);
                for (long c = 0; c < 5000; c++) {
                    buf.clear().limit(64);
                    try {
                        key.seal(c, buf);
                    } catch (IllegalStateException destroyed) {
                        return;
                    }
                    byte[] packet = new byte[8 + 80];
                    ByteBuffer.wrap(packet).putLong(c);
                    buf.get(0, packet, 8, 80);
                    sealed.add(packet);
                }
            });
            sealer.start();
            Thread.sleep(round % 3);
            key.destroy();
            sealer.join();
            for (byte[] packet : sealed) {
                long c = ByteBuffer.wrap(packet).getLong();
                assertTrue(reference.open(c, ByteBuffer.wrap(packet, 8, 80).slice()), "packet " + c);
            }
        }
    }

    /**
     * Characterises the JDK, not our code: Cipher.doFinal(ByteBuffer, ByteBuffer) with two
     * duplicates of one buffer works in place for heap and direct buffers. TransportKey avoids that
     * path anyway, because for direct buffers the JCE allocates a temporary array per call, but a
     * change in this behaviour is worth knowing about.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void jceByteBufferDuplicatesWorkInPlace(boolean direct) throws Exception {
        byte[] nonce = new byte[12];
        nonce[4] = 9;
        byte[] plain = new byte[1420];
        random.nextBytes(plain);
        byte[] expected = new byte[1436];
        Aead.seal(keyBytes, 9, plain, 0, plain.length, null, expected, 0);

        ByteBuffer buf = allocate(direct, 1436);
        buf.put(plain).flip();
        Cipher c = Cipher.getInstance("ChaCha20-Poly1305");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyBytes, "ChaCha20"), new IvParameterSpec(nonce));
        ByteBuffer out = buf.duplicate();
        out.limit(out.capacity());
        assertEquals(1436, c.doFinal(buf.duplicate(), out));
        buf.limit(1436);
        assertArrayEquals(expected, contents(buf));

        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keyBytes, "ChaCha20"), new IvParameterSpec(nonce));
        assertEquals(1420, c.doFinal(buf.duplicate(), buf.duplicate()));
        buf.limit(1420);
        assertArrayEquals(plain, contents(buf));
    }

    private byte[] sealOnce(TransportKey key, boolean direct, long counter, int len) {
        ByteBuffer buf = allocate(direct, len + 16);
        byte[] plain = new byte[len];
        random.nextBytes(plain);
        buf.put(plain).flip();
        key.seal(counter, buf);
        return contents(buf);
    }

    private static ByteBuffer load(boolean direct, byte[] bytes) {
        ByteBuffer buf = allocate(direct, OFFSET + bytes.length);
        buf.position(OFFSET);
        buf.put(bytes);
        buf.flip().position(OFFSET);
        return buf;
    }

    private static ByteBuffer allocate(boolean direct, int capacity) {
        return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    private static byte[] contents(ByteBuffer buf) {
        byte[] out = new byte[buf.remaining()];
        buf.duplicate().get(out);
        return out;
    }
}
