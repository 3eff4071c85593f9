package io.wghub.gateway.control;

import io.wghub.gateway.crypto.KeyEncoding;

import java.util.LinkedHashMap;
import java.util.Map;

/** Collects the [Interface] section's values as they are read, then checks it is complete. */
final class InterfaceDraft {
    private final int line;
    private final PeerChecks checks;
    private byte[] privateKey;
    private Integer listenPort;
    private Integer mtu;
    private int mtuLine;
    private Integer fwMark;
    /** Each address to the line that gave it, in file order. */
    private final Map<InterfaceAddress, Integer> addresses = new LinkedHashMap<>();
    private int ipv6AddressLine;

    InterfaceDraft(int line, PeerChecks checks) {
        this.line = line;
        this.checks = checks;
    }

    int line() {
        return line;
    }

    /**
     * Takes one key's non-empty value from line {@code at}.
     *
     * @throws IllegalArgumentException what is wrong with the value, for that line
     */
    void apply(ConfigKey key, String value, int at) {
        switch (key) {
            case PRIVATE_KEY -> {
                privateKey = KeyEncoding.fromBase64(value, key.spelling());
                checks.interfaceKey(privateKey, at);
            }
            case ADDRESS -> {
                for (String entry : AddressText.entries(value, key.spelling())) {
                    address(AddressText.interfaceAddress(entry), at);
                }
            }
            case LISTEN_PORT -> listenPort = Values.listenPort(value);
            case MTU -> {
                mtu = Values.mtu(value);
                mtuLine = at;
            }
            case FW_MARK -> fwMark = Values.fwMark(value);
            default -> throw new IllegalStateException(key + " is not an [Interface] key wghub applies");
        }
    }

    private void address(InterfaceAddress address, int at) {
        Integer first = addresses.putIfAbsent(address, at);
        if (first != null) {
            throw new IllegalArgumentException("Address " + address + " is listed twice (first on line "
                    + first + "); remove one");
        }
        if (!address.isIpv4() && ipv6AddressLine == 0) {
            ipv6AddressLine = at;
        }
    }

    InterfaceConfig build(String source) throws ConfigException {
        if (privateKey == null) {
            throw new ConfigException(source, line, "[Interface] has no PrivateKey; add a line"
                    + " PrivateKey = followed by a key from 'wghub genkey'");
        }
        // Linux turns IPv6 off on a link whose MTU is below 1280, so the address would vanish.
        if (mtu != null && mtu < InterfaceConfig.MIN_MTU_IPV6 && ipv6AddressLine != 0) {
            throw new ConfigException(source, mtuLine, "MTU " + mtu + " is below "
                    + InterfaceConfig.MIN_MTU_IPV6 + ", the IPv6 minimum, but the Address on line "
                    + ipv6AddressLine + " is IPv6; use an MTU of at least " + InterfaceConfig.MIN_MTU_IPV6
                    + " or remove the IPv6 address");
        }
        return new InterfaceConfig(privateKey, listenPort, addresses.keySet().stream().toList(), mtu,
                fwMark, line);
    }
}
