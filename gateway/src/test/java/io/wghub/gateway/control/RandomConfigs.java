package io.wghub.gateway.control;

import io.wghub.gateway.route.Prefix;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Random valid configs, for round trips: every field, both families, odd names. */
final class RandomConfigs {
    private static final String NAME_CHARS = "abcxyzABC019 -_.#=[]\u00e9\u00fc\u6f22\u00a0";

    private final Random random;

    RandomConfigs(long seed) {
        random = new Random(seed);
    }

    WgConfig next() {
        Set<InterfaceAddress> addresses = new LinkedHashSet<>();
        for (int n = random.nextInt(4); n > 0; n--) {
            byte[] a = address();
            addresses.add(new InterfaceAddress(a, random.nextInt(a.length * 8 + 1)));
        }
        boolean ipv6 = addresses.stream().anyMatch(a -> !a.isIpv4());
        int minMtu = ipv6 ? InterfaceConfig.MIN_MTU_IPV6 : InterfaceConfig.MIN_MTU;
        InterfaceConfig iface = new InterfaceConfig(key(),
                maybe(() -> random.nextInt(65536)),
                List.copyOf(addresses),
                maybe(() -> minMtu + random.nextInt(InterfaceConfig.MAX_MTU - minMtu + 1)),
                maybe(() -> {
                    int mark = random.nextInt();
                    return mark == 0 ? 1 : mark;
                }),
                0);
        Set<Prefix> routed = new HashSet<>();
        List<PeerConfig> peers = new ArrayList<>();
        for (int n = random.nextInt(21); n > 0; n--) {
            peers.add(peer(routed));
        }
        return new WgConfig(iface, peers, List.of());
    }

    private PeerConfig peer(Set<Prefix> routed) {
        List<Prefix> allowed = new ArrayList<>();
        for (int n = random.nextInt(6); n > 0; n--) {
            byte[] a = address();
            Prefix p = Prefix.of(a, random.nextInt(a.length * 8 + 1));
            if (routed.add(p)) {
                allowed.add(p);
            }
        }
        return new PeerConfig(key(), random.nextBoolean() ? key() : null, allowed, maybe(this::endpoint),
                maybe(() -> 1 + random.nextInt(PeerConfig.MAX_KEEPALIVE)), maybe(this::name), 0);
    }

    private Endpoint endpoint() {
        int port = 1 + random.nextInt(65535);
        return switch (random.nextInt(4)) {
            case 0 -> new Endpoint(literal(new byte[4]), port);
            case 1 -> new Endpoint(literal(new byte[16]), port);
            case 2 -> new Endpoint(literal(new byte[16]) + "%eth" + random.nextInt(10), port);
            default -> new Endpoint("h" + random.nextInt(1000) + ".example-" + random.nextInt(10) + ".net", port);
        };
    }

    private String literal(byte[] bytes) {
        random.nextBytes(bytes);
        String p = Prefix.of(bytes, bytes.length * 8).toString();
        return p.substring(0, p.lastIndexOf('/'));
    }

    private String name() {
        StringBuilder s = new StringBuilder();
        for (int n = 1 + random.nextInt(20); n > 0; n--) {
            s.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
        }
        String name = ConfigText.trim(s.toString());
        return name.isEmpty() ? "x" : name;
    }

    private byte[] address() {
        byte[] a = new byte[random.nextBoolean() ? 4 : 16];
        random.nextBytes(a);
        return a;
    }

    private byte[] key() {
        byte[] k = new byte[32];
        random.nextBytes(k);
        return k;
    }

    private <T> T maybe(java.util.function.Supplier<T> value) {
        return random.nextInt(3) == 0 ? null : value.get();
    }
}
