package io.wghub.gateway.noise;

import io.wghub.gateway.crypto.Blake2s;
import io.wghub.gateway.crypto.XAead;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;

import static io.wghub.gateway.noise.Messages.*;

/**
 * The responder's half of the cookie mechanism (whitepaper §5.4.4 and §5.4.7): checks mac1
 * against our public key, checks mac2 against the cookie of the sender's address when under
 * load, and seals cookie replies. The cookie secret is random and changes every two minutes.
 */
public final class CookieChecker {
    private final LocalIdentity identity;
    private final SecureRandom random = new SecureRandom();
    private final byte[] secret = new byte[32];
    private long secretBirthNanos;
    private boolean hasSecret;

    public CookieChecker(LocalIdentity identity) {
        this.identity = identity;
    }

    /** mac1 of an initiation or response: the 16 bytes 32 from the end, over everything before. */
    public boolean validMac1(byte[] msg) {
        if (msg.length < MACS_LENGTH + OFFSET_INDEX) {
            return false;
        }
        int macOffset = msg.length - MACS_LENGTH;
        byte[] expected = new byte[Blake2s.MAC_LENGTH];
        Blake2s.mac(identity.mac1Key, msg, 0, macOffset, expected, 0);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(msg, macOffset, macOffset + Blake2s.MAC_LENGTH));
    }

    /** mac2: the last 16 bytes, keyed with the cookie that the sender's address earns now. */
    public boolean validMac2(byte[] msg, byte[] sourceAddress, int sourcePort, long nowNanos) {
        if (msg.length < MACS_LENGTH + OFFSET_INDEX) {
            return false;
        }
        byte[] cookie = cookie(sourceAddress, sourcePort, nowNanos);
        int macOffset = msg.length - Blake2s.MAC_LENGTH;
        byte[] expected = new byte[Blake2s.MAC_LENGTH];
        Blake2s.mac(cookie, msg, 0, macOffset, expected, 0);
        Arrays.fill(cookie, (byte) 0);
        return MessageDigest.isEqual(expected, Arrays.copyOfRange(msg, macOffset, msg.length));
    }

    /**
     * A 64-byte cookie reply to {@code msg} (an initiation or response from that address):
     * the cookie sealed with XChaCha20-Poly1305 under HASH("cookie--" || our public key), with
     * the triggering mac1 as additional data so only its sender can use it.
     */
    public byte[] createReply(byte[] msg, byte[] sourceAddress, int sourcePort, long nowNanos) {
        byte[] reply = new byte[COOKIE_REPLY_LENGTH];
        writeHeader(reply, TYPE_COOKIE_REPLY, readIndex(msg, OFFSET_INDEX));
        byte[] nonce = new byte[XAead.NONCE_LENGTH];
        random.nextBytes(nonce);
        System.arraycopy(nonce, 0, reply, COOKIE_NONCE, XAead.NONCE_LENGTH);
        byte[] mac1 = Arrays.copyOfRange(msg, msg.length - MACS_LENGTH, msg.length - Blake2s.MAC_LENGTH);
        byte[] cookie = cookie(sourceAddress, sourcePort, nowNanos);
        XAead.seal(identity.cookieKey, nonce, cookie, 0, cookie.length, mac1, reply, COOKIE_ENCRYPTED);
        Arrays.fill(cookie, (byte) 0);
        return reply;
    }

    /** MAC(secret, address || port): what a sender at that address must prove it received. */
    private byte[] cookie(byte[] address, int port, long nowNanos) {
        byte[] portBytes = {(byte) (port >>> 8), (byte) port};
        byte[] cookie = new byte[Blake2s.MAC_LENGTH];
        synchronized (secret) {
            if (!hasSecret || nowNanos - secretBirthNanos >= Protocol.COOKIE_SECRET_MAX_AGE.toNanos()) {
                random.nextBytes(secret);
                secretBirthNanos = nowNanos;
                hasSecret = true;
            }
            Blake2s.mac(secret, address, 0, address.length, portBytes, 0, 2, cookie, 0);
        }
        return cookie;
    }
}
