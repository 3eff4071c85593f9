package io.wghub.gateway.noise;

import io.wghub.gateway.DropReason;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.*;

/** Framing checks: every malformed shape of datagram maps to its own drop reason. */
class MessagesTest {
    private static ByteBuffer message(int type, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        if (length > 0) {
            buffer.put(0, (byte) type);
        }
        return buffer;
    }

    @Test
    void wellFramedMessagesPass() {
        assertNull(Messages.check(message(1, 148)));
        assertNull(Messages.check(message(2, 92)));
        assertNull(Messages.check(message(3, 64)));
        assertNull(Messages.check(message(4, 32)));
        assertNull(Messages.check(message(4, 1452)));
        assertNull(Messages.check(message(4, Messages.TRANSPORT_MAX_LENGTH)));
    }

    @Test
    void truncated() {
        for (int length = 0; length < 4; length++) {
            assertEquals(DropReason.TRUNCATED, Messages.check(message(1, length)));
        }
        assertEquals(DropReason.TRUNCATED, Messages.check(message(1, 147)));
        assertEquals(DropReason.TRUNCATED, Messages.check(message(2, 91)));
        assertEquals(DropReason.TRUNCATED, Messages.check(message(3, 63)));
        assertEquals(DropReason.TRUNCATED, Messages.check(message(4, 31)));
    }

    @Test
    void oversized() {
        assertEquals(DropReason.OVERSIZED, Messages.check(message(1, 149)));
        assertEquals(DropReason.OVERSIZED, Messages.check(message(2, 93)));
        assertEquals(DropReason.OVERSIZED, Messages.check(message(3, 65)));
        assertEquals(DropReason.OVERSIZED, Messages.check(message(4, Messages.TRANSPORT_MAX_LENGTH + 1)));
    }

    @Test
    void wrongType() {
        for (int type : new int[]{0, 5, 6, 0x7f, 0x80, 0xff}) {
            assertEquals(DropReason.UNKNOWN_TYPE, Messages.check(message(type, 148)), "type " + type);
        }
        assertEquals(DropReason.UNKNOWN_TYPE, Messages.check(new byte[92], Messages.TYPE_INITIATION));
    }

    @Test
    void nonZeroReserved() {
        for (int at = 1; at <= 3; at++) {
            ByteBuffer initiation = message(1, 148);
            initiation.put(at, (byte) 1);
            assertEquals(DropReason.RESERVED_NONZERO, Messages.check(initiation));
            ByteBuffer transport = message(4, 100);
            transport.put(at, (byte) 0x80);
            assertEquals(DropReason.RESERVED_NONZERO, Messages.check(transport));
        }
    }

    @Test
    void checkReadsRelativeToPositionAndChangesNothing() {
        ByteBuffer buffer = ByteBuffer.allocate(200);
        buffer.put(10, (byte) 3).position(10).limit(74);
        assertNull(Messages.check(buffer));
        assertEquals(10, buffer.position());
        assertEquals(74, buffer.limit());
    }

    @Test
    void indicesAreLittleEndianWhateverTheBufferOrder() {
        byte[] bytes = new byte[32];
        Messages.writeIndex(bytes, 4, 0x01020304);
        assertEquals(4, bytes[4]);
        assertEquals(0x01020304, Messages.readIndex(ByteBuffer.wrap(bytes), 4));
        assertEquals(0x01020304, Messages.readIndex(ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN), 4));
    }
}
