package io.wghub.gateway.testing;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** A throwaway Linux network namespace for interop tests (needs root), plus veth links between two of them. */
public final class Netns implements AutoCloseable {
    /** Per-JVM counter choosing X in a link's 10.200.X.0/24 and fd00:200:X::/64 and its veth names. */
    private static final AtomicInteger LINKS = new AtomicInteger();

    private final String name;
    private boolean closed;

    private Netns(String name) {
        this.name = name;
    }

    /** Creates a namespace named {@code prefix} plus random digits (retrying on a clash) and brings its lo up. */
    public static Netns create(String prefix) {
        for (int attempt = 0; attempt < 10; attempt++) {
            String name = prefix + ThreadLocalRandom.current().nextInt(100_000);
            Processes.Result result = Processes.run("ip", "netns", "add", name);
            if (result.exitCode() == 0) {
                Netns netns = new Netns(name);
                try {
                    netns.ip("link", "set", "lo", "up");
                } catch (RuntimeException | AssertionError e) {
                    netns.close();
                    throw e;
                }
                return netns;
            }
            if (!result.stderr().contains("exists")) {
                throw new AssertionError("ip netns add " + name + " exited " + result.exitCode() + ": " + result.stderr());
            }
        }
        throw new AssertionError("no free namespace name with prefix " + prefix);
    }

    public String name() {
        return name;
    }

    /** {@code command} prefixed with {@code ip netns exec NAME}, so it runs inside this namespace (ip execs it: same pid). */
    public String[] exec(String... command) {
        String[] full = new String[command.length + 4];
        full[0] = "ip";
        full[1] = "netns";
        full[2] = "exec";
        full[3] = name;
        System.arraycopy(command, 0, full, 4, command.length);
        return full;
    }

    /** Runs {@code command} inside this namespace and fails the test unless it exits 0; returns its stdout. */
    public String check(String... command) {
        return Processes.check(exec(command));
    }

    /** Runs {@code ip -n NAME args...} and fails the test unless it exits 0; returns its stdout. */
    public String ip(String... args) {
        String[] full = new String[args.length + 3];
        full[0] = "ip";
        full[1] = "-n";
        full[2] = name;
        System.arraycopy(args, 0, full, 3, args.length);
        return Processes.check(full);
    }

    /**
     * Deletes the namespace and the interfaces in it. Close processes running inside it first: a live
     * process keeps the namespace (and its interfaces) alive after its name is gone. Idempotent.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            Processes.check("ip", "netns", "del", name);
        }
    }

    @Override
    public String toString() {
        return name;
    }

    /** One end of a veth link: its namespace, interface name and underlay addresses. */
    public record End(Netns netns, String ifname, Inet4Address v4, Inet6Address v6) {
        /** The address of this end in the family asked for. */
        public InetAddress address(boolean ipv6) {
            return ipv6 ? v6 : v4;
        }

        /** The address as text in the family asked for, IPv6 in RFC 5952 form (as wg prints it): {@code fd00:200:X::n}. */
        public String host(boolean ipv6) {
            return literal(address(ipv6));
        }

        /** A WireGuard endpoint string for this end, as wg prints it: {@code 10.200.X.n:port} or {@code [fd00:200:X::n]:port}. */
        public String endpoint(boolean ipv6, int port) {
            return ipv6 ? "[" + host(true) + "]:" + port : host(false) + ":" + port;
        }
    }

    /** {@code address} as text; IPv6 in RFC 5952 form (longest run of two or more zero groups as ::, lower case). */
    public static String literal(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /** A veth pair numbered {@code index}: {@code a} (the hub side, .1 / ::1) and {@code b} (.2 / ::2). */
    public record Link(int index, End a, End b) {
    }

    /**
     * Joins {@code a} and {@code b} with a veth pair, both ends up, addressed 10.200.X.1/24 + fd00:200:X::1/64
     * on {@code a} and .2 / ::2 on {@code b} (IPv6 with nodad, so usable at once); X is unique in this JVM.
     */
    public static Link veth(Netns a, Netns b) {
        if (a == b || a.name.equals(b.name)) {
            throw new IllegalArgumentException("a veth link needs two different namespaces");
        }
        int x = LINKS.incrementAndGet();
        if (x > 254) {
            throw new IllegalStateException("more than 254 veth links in one JVM");
        }
        String ifA = "va" + x;
        String ifB = "vb" + x;
        a.ip("link", "add", ifA, "type", "veth", "peer", "name", ifB, "netns", b.name);
        End endA = end(a, ifA, x, 1);
        End endB = end(b, ifB, x, 2);
        return new Link(x, endA, endB);
    }

    private static End end(Netns netns, String ifname, int x, int host) {
        String v4 = "10.200." + x + "." + host;
        String v6 = "fd00:200:" + x + "::" + host; // X's decimal digits read as a hex group, to match the IPv4 subnet
        netns.ip("address", "add", v4 + "/24", "dev", ifname);
        netns.ip("address", "add", v6 + "/64", "dev", ifname, "nodad");
        netns.ip("link", "set", ifname, "up");
        try {
            // Literals: no name lookup happens.
            return new End(netns, ifname, (Inet4Address) InetAddress.getByName(v4), (Inet6Address) InetAddress.getByName(v6));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
