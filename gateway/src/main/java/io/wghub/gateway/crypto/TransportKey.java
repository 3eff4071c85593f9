package io.wghub.gateway.crypto;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.locks.StampedLock;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.security.auth.Destroyable;

/**
 * One direction's ChaCha20-Poly1305 transport key of a WireGuard session, sealing and opening
 * packets in place in ByteBuffers on the data path. Safe for concurrent use by several threads.
 */
public final class TransportKey implements Destroyable {

    /**
     * The only long-lived copy of the key. The JCE takes a short-lived clone per init through
     * {@link Aead.KeyView} and wipes it at that thread's next init; a clone can therefore linger in
     * an idle thread's cipher after destroy(), which is outside our reach. No SecretKeySpec is
     * kept because its internal copy could never be wiped.
     */
    private final byte[] key;
    private final Aead.KeyView view;

    /**
     * Lets the data path read the key without locking while guaranteeing that a concurrent
     * destroy() can never make it seal under a half-wiped (and so guessable) key: an optimistic
     * read is validated after the JCE has copied the key and before any byte is encrypted.
     */
    private final StampedLock lock = new StampedLock();
    private volatile boolean destroyed;

    /** Copies key32; the caller remains responsible for wiping its own array. */
    public TransportKey(byte[] key32) {
        if (key32.length != Aead.KEY_LENGTH) {
            throw new IllegalArgumentException("transport key must be 32 bytes, got " + key32.length);
        }
        this.key = key32.clone();
        this.view = new Aead.KeyView(key);
    }

    /**
     * Encrypts buf[position, limit) in place under the nonce for counter and appends the tag:
     * afterwards limit has grown by 16 and position is unchanged. Needs limit + 16 <= capacity.
     *
     * @throws IllegalStateException if this key has been destroyed
     */
    public void seal(long counter, ByteBuffer buf) {
        if (buf.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int pos = buf.position();
        int lim = buf.limit();
        int len = lim - pos;
        if (buf.capacity() - lim < Aead.TAG_LENGTH) {
            throw new IllegalArgumentException("buffer has no room for the 16-byte tag");
        }
        Aead.PerThread t = Aead.perThread();
        Aead.wireGuardNonce(counter, t.nonce);
        long stamp = lock.tryOptimisticRead();
        try {
            Cipher c = destroyed ? null : t.init(Cipher.ENCRYPT_MODE, view, t.nonce);
            if (c == null || !lock.validate(stamp)) {
                throw new IllegalStateException("transport key destroyed");
            }
            if (buf.hasArray()) {
                // Same array, same offset: the JCE works in place without a temporary buffer.
                byte[] a = buf.array();
                int off = buf.arrayOffset() + pos;
                c.doFinal(a, off, len, a, off);
                buf.limit(lim + Aead.TAG_LENGTH);
            } else {
                // Cipher.doFinal(ByteBuffer, ByteBuffer) on direct buffers copies through a freshly
                // allocated array per call; a per-thread array avoids that garbage.
                byte[] s = t.scratch(len + Aead.TAG_LENGTH);
                buf.get(pos, s, 0, len);
                c.doFinal(s, 0, len, s, 0);
                buf.limit(lim + Aead.TAG_LENGTH);
                buf.put(pos, s, 0, len + Aead.TAG_LENGTH);
            }
        } catch (GeneralSecurityException e) {
            buf.limit(lim);
            throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
        }
    }

    /**
     * Decrypts buf[position, limit) (ciphertext || tag) in place. On success returns true and
     * limit has shrunk by 16; on failure (including a destroyed key) returns false with limit
     * unchanged and the contents unspecified.
     */
    public boolean open(long counter, ByteBuffer buf) {
        if (buf.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int pos = buf.position();
        int lim = buf.limit();
        int len = lim - pos;
        if (len < Aead.TAG_LENGTH) {
            return false;
        }
        Aead.PerThread t = Aead.perThread();
        Aead.wireGuardNonce(counter, t.nonce);
        long stamp = lock.tryOptimisticRead();
        try {
            Cipher c = destroyed ? null : t.init(Cipher.DECRYPT_MODE, view, t.nonce);
            if (c == null || !lock.validate(stamp)) {
                return false;
            }
            if (buf.hasArray()) {
                byte[] a = buf.array();
                int off = buf.arrayOffset() + pos;
                c.doFinal(a, off, len, a, off);
            } else {
                byte[] s = t.scratch(len);
                buf.get(pos, s, 0, len);
                try {
                    c.doFinal(s, 0, len, s, 0);
                    buf.put(pos, s, 0, len - Aead.TAG_LENGTH);
                } finally {
                    // Don't leave a decrypted packet behind in a buffer shared by every session.
                    Arrays.fill(s, 0, len, (byte) 0);
                }
            }
            buf.limit(lim - Aead.TAG_LENGTH);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            // Hostile input must never surface as an exception on the data path.
            return false;
        }
    }

    /** Wipes the key; later seals throw IllegalStateException and opens return false. */
    @Override
    public void destroy() {
        long stamp = lock.writeLock();
        try {
            destroyed = true;
            Arrays.fill(key, (byte) 0);
        } finally {
            lock.unlockWrite(stamp);
        }
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }
}
