package io.wghub.gateway.control;

import io.wghub.gateway.route.Prefix;
import java.util.Arrays;
import java.util.Objects;

/**
 * An address of the interface with its prefix length, such as 10.0.0.1/24.
 *
 * <p>Unlike an AllowedIPs prefix it keeps the host part, as "ip address add" does.
 *
 * @param address      4 bytes (IPv4) or 16 (IPv6); copied in and out
 * @param prefixLength 0 to 32 or 0 to 128
 */
public record InterfaceAddress(byte[] address, int prefixLength) {
    public InterfaceAddress {
        Objects.requireNonNull(address, "address");
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + address.length);
        }
        if (prefixLength < 0 || prefixLength > address.length * 8) {
            throw new IllegalArgumentException("prefix length must be 0 to " + address.length * 8
                    + ", got " + prefixLength);
        }
        address = address.clone();
    }

    @Override
    public byte[] address() {
        return address.clone();
    }

    public boolean isIpv4() {
        return address.length == 4;
    }

    /** The network this address lies in: 10.0.0.1/24 gives 10.0.0.0/24. */
    public Prefix network() {
        return Prefix.of(address, prefixLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterfaceAddress a && a.prefixLength == prefixLength
                && Arrays.equals(a.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + prefixLength;
    }

    /** "10.0.0.1/24", "fd00::1/64": the address in canonical form, then the prefix length. */
    @Override
    public String toString() {
        // A full-length prefix is the address itself; reuse its canonical text (RFC 5952 for IPv6).
        String host = Prefix.of(address, address.length * 8).toString();
        return host.substring(0, host.lastIndexOf('/')) + "/" + prefixLength;
    }
}
