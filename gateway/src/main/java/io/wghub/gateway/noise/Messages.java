package io.wghub.gateway.noise;

import io.wghub.gateway.DropReason;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Wire layout of WireGuard's four message types (whitepaper §5.4) and the classifier that
 * turns a received datagram into a message type or a drop reason.
 */
public final class Messages {
    public static final int TYPE_INITIATION = 1;
    public static final int TYPE_RESPONSE = 2;
    public static final int TYPE_COOKIE_REPLY = 3;
    public static final int TYPE_TRANSPORT = 4;

    public static final int INITIATION_LENGTH = 148;
    public static final int RESPONSE_LENGTH = 92;
    public static final int COOKIE_REPLY_LENGTH = 64;
    public static final int TRANSPORT_HEADER_LENGTH = 16;
    /** Header plus the tag of an empty (keepalive) payload. */
    public static final int TRANSPORT_MIN_LENGTH = TRANSPORT_HEADER_LENGTH + 16;
    /** An inner IP packet is at most 65,535 bytes; header and tag come on top. */
    public static final int TRANSPORT_MAX_LENGTH = TRANSPORT_MIN_LENGTH + 65535;

    // Common header: u8 type, u8[3] reserved, then le32 sender (1, 2) or receiver (3, 4) index.
    public static final int OFFSET_INDEX = 4;

    // Initiation: sender index, ephemeral, encrypted static, encrypted timestamp, mac1, mac2.
    public static final int INITIATION_EPHEMERAL = 8;
    public static final int INITIATION_STATIC = 40;
    public static final int INITIATION_TIMESTAMP = 88;
    public static final int INITIATION_MAC1 = 116;

    // Response: sender index, receiver index, ephemeral, encrypted empty payload, mac1, mac2.
    public static final int RESPONSE_RECEIVER = 8;
    public static final int RESPONSE_EPHEMERAL = 12;
    public static final int RESPONSE_EMPTY = 44;

    // Cookie reply: receiver index, 24-byte nonce, encrypted 16-byte cookie.
    public static final int COOKIE_NONCE = 8;
    public static final int COOKIE_ENCRYPTED = 32;

    // Transport: receiver index, le64 counter, encrypted packet.
    public static final int TRANSPORT_COUNTER = 8;

    /** mac1 and mac2 are the last 32 bytes of an initiation or response. */
    public static final int MACS_LENGTH = 32;

    private Messages() {
    }

    /**
     * Checks that {@code datagram}'s readable bytes form a well-framed message: a known type,
     * zero reserved bytes and the exact (or, for transport, bounded) length of that type.
     * Reads only; never throws.
     *
     * @return null when well-framed, else the reason to drop it
     */
    public static DropReason check(ByteBuffer datagram) {
        int length = datagram.remaining();
        if (length < 4) {
            return DropReason.TRUNCATED;
        }
        int start = datagram.position();
        int reserved = datagram.get(start + 1) | datagram.get(start + 2) | datagram.get(start + 3);
        return check(datagram.get(start) & 0xff, reserved, length);
    }

    /** As {@link #check(ByteBuffer)} for a datagram that must be of {@code expectedType}. */
    public static DropReason check(ByteBuffer datagram, int expectedType) {
        if (datagram.remaining() >= 4 && type(datagram) != expectedType) {
            return DropReason.UNKNOWN_TYPE;
        }
        return check(datagram);
    }

    /**
     * As {@link #check(ByteBuffer)} for a whole message in an array that must be of
     * {@code expectedType}.
     */
    public static DropReason check(byte[] message, int expectedType) {
        if (message.length < 4) {
            return DropReason.TRUNCATED;
        }
        int type = message[0] & 0xff;
        if (type != expectedType) {
            return DropReason.UNKNOWN_TYPE;
        }
        return check(type, message[1] | message[2] | message[3], message.length);
    }

    /**
     * The framing rule itself: {@code type} is the first byte, {@code reserved} the OR of the
     * next three, {@code length} the whole datagram's.
     *
     * @return null when well-framed, else the reason to drop it
     */
    public static DropReason check(int type, int reserved, int length) {
        int min;
        int max;
        switch (type) {
            case TYPE_INITIATION -> min = max = INITIATION_LENGTH;
            case TYPE_RESPONSE -> min = max = RESPONSE_LENGTH;
            case TYPE_COOKIE_REPLY -> min = max = COOKIE_REPLY_LENGTH;
            case TYPE_TRANSPORT -> {
                min = TRANSPORT_MIN_LENGTH;
                max = TRANSPORT_MAX_LENGTH;
            }
            default -> {
                return DropReason.UNKNOWN_TYPE;
            }
        }
        if (length < min) {
            return DropReason.TRUNCATED;
        }
        if (length > max) {
            return DropReason.OVERSIZED;
        }
        return reserved == 0 ? null : DropReason.RESERVED_NONZERO;
    }

    /** The type byte of a message that passed {@link #check}. */
    public static int type(ByteBuffer message) {
        return message.get(message.position()) & 0xff;
    }

    /** Little-endian u32 at {@code offset} from the message start (indices are little-endian). */
    public static int readIndex(ByteBuffer message, int offset) {
        int value = message.getInt(message.position() + offset);
        return message.order() == ByteOrder.LITTLE_ENDIAN ? value : Integer.reverseBytes(value);
    }

    static int readIndex(byte[] message, int offset) {
        return (message[offset] & 0xff)
                | (message[offset + 1] & 0xff) << 8
                | (message[offset + 2] & 0xff) << 16
                | (message[offset + 3] & 0xff) << 24;
    }

    static void writeHeader(byte[] message, int type, int index) {
        message[0] = (byte) type;
        message[1] = 0;
        message[2] = 0;
        message[3] = 0;
        writeIndex(message, OFFSET_INDEX, index);
    }

    static void writeIndex(byte[] message, int offset, int index) {
        message[offset] = (byte) index;
        message[offset + 1] = (byte) (index >>> 8);
        message[offset + 2] = (byte) (index >>> 16);
        message[offset + 3] = (byte) (index >>> 24);
    }
}
