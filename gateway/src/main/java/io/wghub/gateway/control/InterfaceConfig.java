package io.wghub.gateway.control;

import io.wghub.gateway.crypto.KeyEncoding;
import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;

/**
 * The [Interface] section: the private key and the settings wghub applies.
 *
 * <p>Equality ignores {@code line}: it records where the section was read, not what it means,
 * so a reloaded file compares equal to the running one when only its layout changed.
 *
 * @param privateKey 32 bytes; copied in and out, never shown by {@link #toString()}
 * @param listenPort null when not set, else {@value #MIN_PORT} to {@value #MAX_PORT} (0: any port)
 * @param addresses  the Address entries in file order
 * @param mtu        null when not set, else {@value #MIN_MTU} to {@value #MAX_MTU}
 * @param fwMark     null for none ("off" or 0); else the 32-bit mark, read as unsigned
 * @param line       line of the [Interface] header, or 0 when not read from a file
 */
public record InterfaceConfig(byte[] privateKey, Integer listenPort, List<InterfaceAddress> addresses,
                              Integer mtu, Integer fwMark, int line) {
    public static final int MIN_PORT = 0;
    public static final int MAX_PORT = 65535;
    /** The smallest datagram every IPv4 host must accept (RFC 791); less is surely a typo. */
    public static final int MIN_MTU = 576;
    /** The IPv6 minimum link MTU (RFC 8200), required once the interface has an IPv6 address. */
    public static final int MIN_MTU_IPV6 = 1280;
    /**
     * The largest inner packet whose encapsulation still fits a 65535-byte outer datagram:
     * 65535 - 40 (IPv6 header) - 8 (UDP) - 32 (WireGuard data header and tag).
     */
    public static final int MAX_MTU = 65455;

    public InterfaceConfig {
        Objects.requireNonNull(privateKey, "privateKey");
        if (privateKey.length != KeyEncoding.KEY_LENGTH) {
            throw new IllegalArgumentException("privateKey must be 32 bytes, got " + privateKey.length);
        }
        privateKey = privateKey.clone();
        addresses = List.copyOf(addresses);
        if (listenPort != null && (listenPort < MIN_PORT || listenPort > MAX_PORT)) {
            throw new IllegalArgumentException("listenPort must be " + MIN_PORT + " to " + MAX_PORT
                    + ", got " + listenPort);
        }
        if (mtu != null && (mtu < MIN_MTU || mtu > MAX_MTU)) {
            throw new IllegalArgumentException("mtu must be " + MIN_MTU + " to " + MAX_MTU + ", got " + mtu);
        }
        if (fwMark != null && fwMark == 0) {
            throw new IllegalArgumentException("fwMark 0 means no mark: use null");
        }
        if (line < 0) {
            throw new IllegalArgumentException("line must be 0 or more, got " + line);
        }
    }

    @Override
    public byte[] privateKey() {
        return privateKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterfaceConfig c
                && MessageDigest.isEqual(c.privateKey, privateKey)
                && Objects.equals(c.listenPort, listenPort)
                && c.addresses.equals(addresses)
                && Objects.equals(c.mtu, mtu)
                && Objects.equals(c.fwMark, fwMark);
    }

    /** Leaves out the private key: equal objects still hash alike, and no secret feeds a hash. */
    @Override
    public int hashCode() {
        return Objects.hash(listenPort, addresses, mtu, fwMark);
    }

    @Override
    public String toString() {
        return "InterfaceConfig[privateKey=(hidden), listenPort=" + listenPort + ", addresses=" + addresses
                + ", mtu=" + mtu + ", fwMark=" + (fwMark == null ? null : "0x" + Integer.toHexString(fwMark))
                + ", line=" + line + "]";
    }
}
