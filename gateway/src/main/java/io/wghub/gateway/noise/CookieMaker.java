package io.wghub.gateway.noise;

import io.wghub.gateway.DropReason;
import io.wghub.gateway.crypto.Blake2s;
import io.wghub.gateway.crypto.XAead;
import io.wghub.gateway.peer.IndexTable;

import java.util.Arrays;

import static io.wghub.gateway.noise.Messages.*;

/**
 * The initiator's half of the cookie mechanism, one per peer: puts mac1 (and mac2 while a
 * cookie from that peer is fresh) on our handshake messages, and takes cookies from the
 * peer's cookie replies.
 */
public final class CookieMaker {
    private final byte[] mac1Key = new byte[32];
    private final byte[] cookieKey = new byte[32];
    private final byte[] lastMac1 = new byte[Blake2s.MAC_LENGTH];
    private boolean sentMac1;
    private final byte[] cookie = new byte[Blake2s.MAC_LENGTH];
    private long cookieBirthNanos;
    private boolean hasCookie;

    /** @param remoteStatic the peer's static public key */
    public CookieMaker(byte[] remoteStatic) {
        Blake2s.hash(mac1Key, Protocol.LABEL_MAC1, remoteStatic);
        Blake2s.hash(cookieKey, Protocol.LABEL_COOKIE, remoteStatic);
    }

    /** Writes mac1 and mac2 (zeros without a fresh cookie) into the last 32 bytes of {@code msg}. */
    public synchronized void addMacs(byte[] msg, long nowNanos) {
        int mac1Offset = msg.length - MACS_LENGTH;
        int mac2Offset = msg.length - Blake2s.MAC_LENGTH;
        Blake2s.mac(mac1Key, msg, 0, mac1Offset, msg, mac1Offset);
        System.arraycopy(msg, mac1Offset, lastMac1, 0, Blake2s.MAC_LENGTH);
        sentMac1 = true;
        if (hasCookie && nowNanos - cookieBirthNanos < Protocol.COOKIE_SECRET_MAX_AGE.toNanos()) {
            Blake2s.mac(cookie, msg, 0, mac2Offset, msg, mac2Offset);
        } else {
            Arrays.fill(msg, mac2Offset, msg.length, (byte) 0);
        }
    }

    /**
     * Takes the cookie from a reply to the last message we sent to this peer. The reply is
     * only valid against that message's mac1, so each reply is used at most once.
     */
    public synchronized DropReason consumeReply(byte[] reply, long nowNanos) {
        if (!sentMac1) {
            return DropReason.INVALID_COOKIE_REPLY;
        }
        byte[] nonce = Arrays.copyOfRange(reply, COOKIE_NONCE, COOKIE_NONCE + XAead.NONCE_LENGTH);
        byte[] fresh = new byte[Blake2s.MAC_LENGTH];
        if (!XAead.open(cookieKey, nonce, reply, COOKIE_ENCRYPTED, COOKIE_REPLY_LENGTH - COOKIE_ENCRYPTED,
                lastMac1, fresh, 0)) {
            return DropReason.INVALID_COOKIE_REPLY;
        }
        System.arraycopy(fresh, 0, cookie, 0, cookie.length);
        Arrays.fill(fresh, (byte) 0);
        cookieBirthNanos = nowNanos;
        hasCookie = true;
        sentMac1 = false;
        return null;
    }

    /**
     * Routes a received cookie reply to the peer whose handshake or session owns its receiver
     * index and consumes it there.
     *
     * @return null when a cookie was taken, else the reason to drop the reply
     */
    public static DropReason consumeReply(IndexTable indices, byte[] reply, long nowNanos) {
        DropReason framing = check(reply, TYPE_COOKIE_REPLY);
        if (framing != null) {
            return framing;
        }
        IndexTable.Entry entry = indices.lookup(readIndex(reply, OFFSET_INDEX));
        if (entry == null) {
            return DropReason.INVALID_COOKIE_REPLY;
        }
        return entry.peer().cookieMaker().consumeReply(reply, nowNanos);
    }
}
