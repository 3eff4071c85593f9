package io.wghub.gateway.route;

import java.util.Objects;

/**
 * An IPv4 or IPv6 network prefix in canonical form (host bits zeroed), such as 10.0.0.0/24.
 *
 * <p>The address is kept as two big-endian longs rather than a byte array: the trie reads its
 * bytes with shifts, equality and hashing need no array walk, and the value stays immutable
 * without defensive copies. An IPv4 address sits in the upper 32 bits of {@link #high()} so
 * that "byte i of the address" is the same computation for both families.
 */
public final class Prefix {
    private final long high;
    private final long low;
    private final int length;
    private final boolean ipv4;

    private Prefix(long high, long low, int length, boolean ipv4) {
        this.high = high;
        this.low = low;
        this.length = length;
        this.ipv4 = ipv4;
    }

    /**
     * The prefix of {@code length} bits of {@code address} (4 or 16 bytes); host bits are cleared,
     * so 10.0.0.5/24 becomes 10.0.0.0/24.
     */
    public static Prefix of(byte[] address, int length) {
        Objects.requireNonNull(address, "address");
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException(
                    "address must be 4 (IPv4) or 16 (IPv6) bytes, got " + address.length);
        }
        boolean v4 = address.length == 4;
        int max = v4 ? 32 : 128;
        if (length < 0 || length > max) {
            throw new IllegalArgumentException("prefix length must be 0.." + max + " for "
                    + (v4 ? "IPv4" : "IPv6") + ", got " + length);
        }
        long hi = v4 ? (long) Bits.int32(address, 0) << 32 : Bits.int64(address, 0);
        long lo = v4 ? 0 : Bits.int64(address, 8);
        return new Prefix(hi & Bits.maskHigh(length), lo & Bits.maskLow(length), length, v4);
    }

    /**
     * Parses "10.0.0.0/24", "fd00::/64", or a bare address ("10.0.0.1" = /32, "fd00::1" = /128).
     * Only IP literals are accepted; host names are never resolved.
     *
     * @throws IllegalArgumentException with a one-line message quoting the input
     */
    public static Prefix parse(String text) {
        return PrefixText.parse(text);
    }

    /** A copy of the (canonical) address: 4 bytes for IPv4, 16 for IPv6. */
    public byte[] address() {
        byte[] out = new byte[ipv4 ? 4 : 16];
        if (ipv4) {
            Bits.putInt32(out, 0, (int) (high >>> 32));
        } else {
            Bits.putInt64(out, 0, high);
            Bits.putInt64(out, 8, low);
        }
        return out;
    }

    /** Number of leading bits that are significant. */
    public int length() {
        return length;
    }

    public boolean isIpv4() {
        return ipv4;
    }

    /**
     * Whether {@code address} (4 or 16 bytes) lies inside this prefix; an address of the other
     * family is never contained.
     */
    public boolean contains(byte[] address) {
        Objects.requireNonNull(address, "address");
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException(
                    "address must be 4 (IPv4) or 16 (IPv6) bytes, got " + address.length);
        }
        if ((address.length == 4) != ipv4) {
            return false;
        }
        long hi = ipv4 ? (long) Bits.int32(address, 0) << 32 : Bits.int64(address, 0);
        long lo = ipv4 ? 0 : Bits.int64(address, 8);
        return ((hi & Bits.maskHigh(length)) == high) && ((lo & Bits.maskLow(length)) == low);
    }

    /** Upper 64 address bits (an IPv4 address occupies the top 32 of them). */
    long high() {
        return high;
    }

    /** Lower 64 address bits (always zero for IPv4). */
    long low() {
        return low;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prefix p
                && p.high == high && p.low == low && p.length == length && p.ipv4 == ipv4;
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(high) * 31 + Long.hashCode(low)) * 31 + (ipv4 ? length : ~length);
    }

    /** Canonical form as `wg show` prints it: "10.0.0.0/24", "fd00::/64". */
    @Override
    public String toString() {
        return PrefixText.format(this);
    }
}
