package io.wghub.gateway.route;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Bit helpers for 128-bit addresses held as two big-endian longs (IPv4 in the top 32 bits). */
final class Bits {
    private static final VarHandle INT32 =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT64 =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private Bits() {
    }

    static int int32(byte[] b, int offset) {
        return (int) INT32.get(b, offset);
    }

    static long int64(byte[] b, int offset) {
        return (long) INT64.get(b, offset);
    }

    static void putInt32(byte[] b, int offset, int value) {
        INT32.set(b, offset, value);
    }

    static void putInt64(byte[] b, int offset, long value) {
        INT64.set(b, offset, value);
    }

    /** Mask of the first {@code bits} (0..128) bits that fall into the high word. */
    static long maskHigh(int bits) {
        return leading(Math.min(bits, 64));
    }

    /** Mask of the first {@code bits} (0..128) bits that fall into the low word. */
    static long maskLow(int bits) {
        return leading(Math.max(bits - 64, 0));
    }

    /** A long with its top {@code n} (0..64) bits set; shifts are mod 64, hence the branch. */
    private static long leading(int n) {
        return n == 0 ? 0 : -1L << (64 - n);
    }

    /** Byte {@code index} (0..15) of the address. */
    static int byteAt(long high, long low, int index) {
        return (int) ((index < 8 ? high : low) >>> (56 - 8 * (index & 7))) & 0xff;
    }

    /** How many leading bytes (0..16) two addresses share. */
    static int commonBytes(long aHigh, long aLow, long bHigh, long bLow) {
        long x = aHigh ^ bHigh;
        if (x != 0) {
            return Long.numberOfLeadingZeros(x) >>> 3;
        }
        x = aLow ^ bLow;
        return x != 0 ? 8 + (Long.numberOfLeadingZeros(x) >>> 3) : 16;
    }
}
