package io.wghub.gateway.control;

import io.wghub.gateway.route.Prefix;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Picks a new peer's inner addresses: the lowest free host in each of the interface's Address subnets. */
public final class AddressAllocator {
    private AddressAllocator() {
    }

    /** A range of addresses [start, end] taken by the interface or a peer, and who took it. */
    private record Taken(BigInteger start, BigInteger end, String by) {
    }

    /**
     * One address per Address subnet of the interface (a subnet listed twice counts once), in
     * Address order: the lowest host that is not the network address, the IPv4 broadcast, an
     * interface address or inside any peer's AllowedIPs. IPv4 as /32, IPv6 as /128.
     *
     * @param source names the file in errors
     * @throws ConfigException if there is no Address or a subnet has no free host left
     */
    public static List<Prefix> next(WgConfig config, String source) throws ConfigException {
        InterfaceConfig iface = config.iface();
        if (iface.addresses().isEmpty()) {
            throw problem(source, iface.line(), "[Interface] has no Address, so there is no subnet to give"
                    + " peers addresses from; add one, like Address = 10.100.0.1/24, fd00:100::1/64");
        }
        Set<Prefix> done = new HashSet<>();
        List<Prefix> out = new ArrayList<>();
        for (InterfaceAddress address : iface.addresses()) {
            if (done.add(address.network())) {
                out.add(lowestFree(address, config, source));
            }
        }
        return out;
    }

    private static Prefix lowestFree(InterfaceAddress address, WgConfig config, String source) throws ConfigException {
        Prefix net = address.network();
        int bits = address.isIpv4() ? 32 : 128;
        int line = config.iface().line();
        if (net.length() == bits) {
            String host = address.toString().substring(0, address.toString().lastIndexOf('/'));
            throw problem(source, line, "Address " + address + " is a single address, so it leaves no room"
                    + " for peers; give it its subnet's prefix length, like Address = " + host
                    + (address.isIpv4() ? "/24" : "/64"));
        }
        BigInteger first = number(net);
        BigInteger last = end(net);
        BigInteger lowest = first.add(BigInteger.ONE);
        BigInteger highest = address.isIpv4() && net.length() <= 30 ? last.subtract(BigInteger.ONE) : last;
        List<Taken> taken = new ArrayList<>();
        for (InterfaceAddress a : config.iface().addresses()) {
            if (a.isIpv4() == address.isIpv4()) {
                BigInteger n = new BigInteger(1, a.address());
                taken.add(new Taken(n, n, "the interface"));
            }
        }
        for (PeerConfig peer : config.peers()) {
            for (Prefix p : peer.allowedIps()) {
                if (p.isIpv4() == address.isIpv4()) {
                    taken.add(new Taken(number(p), end(p), "peer " + who(peer) + "'s AllowedIPs " + p));
                }
            }
        }
        taken.sort(Comparator.comparing(Taken::start));
        BigInteger candidate = lowest;
        for (Taken t : taken) {
            if (t.start().compareTo(candidate) > 0) {
                break;
            }
            if (t.end().compareTo(candidate) >= 0) {
                candidate = t.end().add(BigInteger.ONE);
            }
        }
        if (candidate.compareTo(highest) <= 0) {
            return Prefix.of(bytes(candidate, bits / 8), bits);
        }
        String cover = taken.stream()
                .filter(t -> t.start().compareTo(first) <= 0 && t.end().compareTo(last) >= 0)
                .map(t -> " (" + t.by() + " covers all of it)").findFirst().orElse("");
        throw problem(source, line, "no free address left in " + net + " (Address = " + address + ")" + cover
                + "; every host is the interface's or inside a peer's AllowedIPs: use a shorter prefix"
                + " (a larger subnet) or remove peers that are gone");
    }

    private static String who(PeerConfig peer) {
        return peer.name() != null ? Quote.value(peer.name()) : "on line " + peer.line();
    }

    private static BigInteger number(Prefix p) {
        return new BigInteger(1, p.address());
    }

    /** The last address of {@code p}. */
    private static BigInteger end(Prefix p) {
        int hostBits = p.address().length * 8 - p.length();
        return number(p).add(BigInteger.ONE.shiftLeft(hostBits)).subtract(BigInteger.ONE);
    }

    private static byte[] bytes(BigInteger n, int length) {
        byte[] raw = n.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }

    private static ConfigException problem(String source, int line, String text) {
        return line > 0 ? new ConfigException(source, line, text) : new ConfigException(source, text);
    }
}
