package io.wghub.gateway.noise;

import io.wghub.gateway.DropReason;
import io.wghub.gateway.crypto.Aead;
import io.wghub.gateway.peer.IndexTable;
import io.wghub.gateway.peer.Keypair;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static io.wghub.gateway.noise.Messages.*;

/**
 * Transport data messages (whitepaper §5.4.6): sealing an inner packet in place behind a
 * 16-byte header, and opening a received one with the replay window. Allocates nothing
 * beyond what the JCE's per-packet cipher init allocates (docs/performance.md).
 */
public final class Transport {
    /** Plaintext is zero-padded to a multiple of this, within the MTU. */
    public static final int PADDING_MULTIPLE = 16;

    /** Reusable result of {@link #open}: the session it came under and where the plaintext is. */
    public static final class Received {
        private Keypair keypair;
        private long counter;

        public Keypair keypair() {
            return keypair;
        }

        public long counter() {
            return counter;
        }
    }

    private Transport() {
    }

    /**
     * Seals an inner packet into a transport message in place. On entry {@code message}'s
     * position is where the 16-byte header goes and the plaintext follows it; the buffer needs
     * room (capacity) for padding and the tag; its limit does not matter. On success the limit is
     * set to the end of the message; on failure position and limit are as they were.
     *
     * @param plaintextLength inner packet length (0 for a keepalive)
     * @param mtu             the interface MTU; padding never takes the plaintext beyond it
     * @return null when sealed, or {@link DropReason#KEYPAIR_EXPIRED} when the session may not
     *         send (expired, out of counters, or destroyed by a concurrent rotation)
     * @throws IllegalArgumentException when the buffer has no room for padding and tag
     */
    public static DropReason seal(Keypair keypair, ByteBuffer message, int plaintextLength, int mtu, long nowNanos) {
        int start = message.position();
        int oldLimit = message.limit();
        int padded = paddedLength(plaintextLength, mtu);
        int payload = start + TRANSPORT_HEADER_LENGTH;
        if (payload + padded + Aead.TAG_LENGTH > message.capacity()) {
            throw new IllegalArgumentException("no room to seal: " + (payload + padded + Aead.TAG_LENGTH)
                    + " bytes needed, capacity " + message.capacity());
        }
        if (keypair.expired(nowNanos) || keypair.destroyed()) {
            return DropReason.KEYPAIR_EXPIRED;
        }
        long counter = keypair.nextSendCounter();
        if (counter == -1) {
            return DropReason.KEYPAIR_EXPIRED;
        }
        message.limit(payload + padded);
        for (int i = payload + plaintextLength; i < payload + padded; i++) {
            message.put(i, (byte) 0);
        }
        ByteOrder order = message.order();
        message.order(ByteOrder.LITTLE_ENDIAN);
        message.putInt(start, TYPE_TRANSPORT);
        message.putInt(start + OFFSET_INDEX, keypair.remoteIndex());
        message.putLong(start + TRANSPORT_COUNTER, counter);
        message.order(order);

        message.position(payload);
        try {
            keypair.sending().seal(counter, message);
        } catch (IllegalStateException destroyedMeanwhile) {
            // Another thread rotated the session out between the check above and the seal.
            message.limit(oldLimit).position(start);
            return DropReason.KEYPAIR_EXPIRED;
        }
        message.position(start);
        return null;
    }

    /** Plaintext length after padding: the next multiple of 16, but never past the MTU. */
    public static int paddedLength(int plaintextLength, int mtu) {
        int padded = (plaintextLength + PADDING_MULTIPLE - 1) & -PADDING_MULTIPLE;
        return Math.min(padded, Math.max(plaintextLength, mtu));
    }

    /**
     * Opens a transport message in place. On success
     * the buffer's position and limit frame the (padded) inner packet and {@code out} names the
     * session; the caller then confirms the session ({@code Keypairs.confirm}). On failure the
     * buffer's contents are unspecified.
     *
     * @return null when the packet authenticated and is new, else the reason to drop it
     */
    public static DropReason open(IndexTable indices, ByteBuffer message, long nowNanos, Received out) {
        DropReason framing = check(message, TYPE_TRANSPORT);
        if (framing != null) {
            return framing;
        }
        int start = message.position();
        int end = message.limit();
        if (!(indices.lookup(readIndex(message, OFFSET_INDEX)) instanceof Keypair keypair)) {
            return DropReason.UNKNOWN_RECEIVER;
        }
        if (keypair.expired(nowNanos)) {
            return DropReason.KEYPAIR_EXPIRED;
        }
        long counter = message.getLong(start + TRANSPORT_COUNTER);
        if (message.order() != ByteOrder.LITTLE_ENDIAN) {
            counter = Long.reverseBytes(counter);
        }
        if (!keypair.replayWindow().mayAccept(counter)) {
            return DropReason.REPLAYED_PACKET;
        }
        message.position(start + TRANSPORT_HEADER_LENGTH);
        if (!keypair.receiving().open(counter, message)) {
            message.limit(end).position(start);
            return DropReason.DECRYPT_FAILED;
        }
        // Recorded only now: an unauthenticated counter must not move the window.
        if (!keypair.replayWindow().accept(counter)) {
            return DropReason.REPLAYED_PACKET;
        }
        out.keypair = keypair;
        out.counter = counter;
        return null;
    }
}
