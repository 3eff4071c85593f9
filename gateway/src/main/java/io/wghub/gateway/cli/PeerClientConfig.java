package io.wghub.gateway.cli;

import io.wghub.gateway.control.ConfigException;
import io.wghub.gateway.control.ConfigParser;
import io.wghub.gateway.control.ConfigWriter;
import io.wghub.gateway.control.Endpoint;
import io.wghub.gateway.control.InterfaceAddress;
import io.wghub.gateway.control.InterfaceConfig;
import io.wghub.gateway.control.PeerConfig;
import io.wghub.gateway.control.WgConfig;
import io.wghub.gateway.route.Prefix;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The wg-quick file a new peer runs: its key and addresses, and the hub as its one peer. */
final class PeerClientConfig {
    /** Keeps a client behind NAT reachable, as the WireGuard apps suggest. */
    static final int KEEPALIVE = 25;
    private static final String ZERO_KEY = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";
    private static final String ONES_KEY = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE=";

    private PeerClientConfig() {
    }

    /**
     * Reads --endpoint as an Endpoint line of a file is read, so that the client accepts it too.
     *
     * @throws ConfigException naming --endpoint, with what is wrong and an example
     */
    static Endpoint endpoint(String value) throws ConfigException {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' || c == 0x7f || c == '#') {
                throw new ConfigException("--endpoint", "contains a control character or '#'; write HOST:PORT,"
                        + " like vpn.example.com:51820 or [2001:db8::1]:51820");
            }
        }
        String text = "[Interface]\nPrivateKey = " + ZERO_KEY + "\n[Peer]\nPublicKey = " + ONES_KEY
                + "\nEndpoint = " + value + "\n";
        try {
            return ConfigParser.parse(text, "--endpoint").peers().get(0).endpoint();
        } catch (ConfigException e) {
            throw new ConfigException("--endpoint", e.getMessage().replaceFirst("^--endpoint:\\d+: ", ""));
        }
    }

    /** The distinct subnets of the hub's addresses: what the client routes to the hub. */
    static List<Prefix> hubSubnets(InterfaceConfig hub) {
        Set<Prefix> subnets = new LinkedHashSet<>();
        for (InterfaceAddress a : hub.addresses()) {
            subnets.add(a.network());
        }
        return new ArrayList<>(subnets);
    }

    /** The client's file, canonical and checked to parse; holds the client's private key, so print it only. */
    static String text(byte[] clientPrivateKey, List<Prefix> clientAddresses, byte[] hubPublicKey, byte[] presharedKey,
                       Endpoint endpoint, List<Prefix> hubSubnets) {
        List<InterfaceAddress> addresses = new ArrayList<>();
        for (Prefix p : clientAddresses) {
            addresses.add(new InterfaceAddress(p.address(), p.length()));
        }
        PeerConfig hub = new PeerConfig(hubPublicKey, presharedKey, hubSubnets, endpoint, KEEPALIVE, null, 0);
        return ConfigWriter.write(new WgConfig(new InterfaceConfig(clientPrivateKey, null, addresses, null, null, 0),
                List.of(hub), List.of()));
    }
}
