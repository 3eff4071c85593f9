package io.wghub.tun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Configures a two-queue TUN in a test namespace over rtnetlink and checks the result with 'ip'. */
class LinkConfigTest {

    @Test
    void configuresExactlyAndUndoRemovesWhatItAdded() throws Exception {
        try (TestNetns ns = TestNetns.createOrSkip("LinkConfigTest.configuresExactlyAndUndoRemovesWhatItAdded")) {
            TunDevice tun = ns.call(() -> {
                TunDevice d = TunDevice.create("wgcfg0");
                d.openQueue();
                return d;
            });
            try (tun; LinkConfig config = ns.call(() -> LinkConfig.open(tun))) {
                assertEquals(2, tun.queues().size());
                assertNotEquals(tun.queues().get(0).fd(), tun.queues().get(1).fd());
                assertEquals(Integer.parseInt(ns.ip("-o", "link", "show", "dev", "wgcfg0").split(":")[0]),
                        tun.ifindex());

                config.setMtu(1420);
                config.setUp();
                config.addAddress(InetAddress.getByName("10.77.0.1"), 24);
                config.addAddress(InetAddress.getByName("fd77::1"), 64);
                config.addRoute(InetAddress.getByName("10.78.0.0"), 16);
                config.addRoute(InetAddress.getByName("fd78::"), 48);

                String link = ns.ip("-o", "link", "show", "dev", "wgcfg0");
                assertTrue(link.contains(" mtu 1420 "), link);
                String flags = link.substring(link.indexOf('<') + 1, link.indexOf('>'));
                assertTrue(Set.of(flags.split(",")).containsAll(Set.of("UP", "LOWER_UP")), link);
                assertTrue(link.contains("qdisc mq"), "multi-queue TUN gets the mq qdisc: " + link);

                assertEquals(Set.of("inet 10.77.0.1/24", "inet6 fd77::1/64"), globalAddresses(ns, "wgcfg0"));
                assertEquals(Set.of("10.78.0.0/16 dev wgcfg0 scope link"), routes(ns, "-4"));
                assertEquals(Set.of("fd78::/48 dev wgcfg0 metric 1024 pref medium"), routes(ns, "-6"));
                String v6 = ns.ip("-o", "-6", "address", "show", "dev", "wgcfg0", "scope", "global");
                assertTrue(v6.contains("nodad") && !v6.contains("tentative"), "usable at once: " + v6);

                config.undo();
                assertEquals(Set.of(), globalAddresses(ns, "wgcfg0"));
                assertEquals(Set.of(), routes(ns, "-4"));
                assertEquals(Set.of(), routes(ns, "-6"));
                assertTrue(ns.ip("-o", "link", "show", "dev", "wgcfg0").contains(" mtu 1420 "), "undo leaves the link");
                config.undo(); // nothing left to remove: a no-op
            }
            assertEquals("", ns.ip("-o", "link", "show", "type", "tun"), "closing every queue deletes the TUN");
        }
    }

    @Test
    void undoIgnoresWhatIsAlreadyGoneAndKeepsForeignRoutes() throws Exception {
        try (TestNetns ns = TestNetns.createOrSkip("LinkConfigTest.undoIgnoresGoneAndKeepsForeignRoutes")) {
            TunDevice tun = ns.call(() -> TunDevice.create("wgcfg1"));
            try (tun; LinkConfig config = ns.call(() -> LinkConfig.open(tun))) {
                config.setUp();
                config.addAddress(InetAddress.getByName("10.77.1.1"), 24);
                // Host bits are cleared, as the kernel requires for IPv4 routes.
                config.addRoute(InetAddress.getByName("10.79.5.5"), 16);
                config.addRoute(InetAddress.getByName("10.80.0.0"), 16);
                assertEquals(Set.of("10.79.0.0/16 dev wgcfg1 scope link", "10.80.0.0/16 dev wgcfg1 scope link"),
                        routes(ns, "-4"));

                // Removed from outside, and a same-prefix route of another protocol that undo must not touch.
                ns.ip("route", "del", "10.79.0.0/16", "dev", "wgcfg1");
                ns.ip("address", "del", "10.77.1.1/24", "dev", "wgcfg1");
                ns.ip("route", "add", "10.79.0.0/16", "dev", "wgcfg1", "proto", "static");

                config.undo();
                assertEquals(Set.of(), routes(ns, "-4"));
                assertTrue(ns.ip("-4", "route", "show", "proto", "static").contains("10.79.0.0/16 dev wgcfg1"));
                config.deleteRoute(InetAddress.getByName("10.81.0.0"), 16); // never existed: not an error
            }
        }
    }

    @Test
    void conflictsAndBadValuesFailWithOneLine() throws Exception {
        try (TestNetns ns = TestNetns.createOrSkip("LinkConfigTest.conflictsAndBadValuesFailWithOneLine")) {
            TunDevice tun = ns.call(() -> TunDevice.create("wgcfg2"));
            try (tun; LinkConfig config = ns.call(() -> LinkConfig.open(tun))) {
                config.setUp();
                config.addRoute(InetAddress.getByName("10.78.0.0"), 16);
                TunException dup = assertThrows(TunException.class,
                        () -> config.addRoute(InetAddress.getByName("10.78.0.0"), 16));
                assertEquals(Errno.EEXIST, dup.errno());
                assertOneLine(dup, "add route 10.78.0.0/16 dev wgcfg2 failed: EEXIST", "ip route show 10.78.0.0/16");

                TunException mtu = assertThrows(TunException.class, () -> config.setMtu(20));
                assertEquals(Errno.EINVAL, mtu.errno());
                assertOneLine(mtu, "set MTU 20 on wgcfg2 failed: EINVAL", "kernel says");

                TunException prefix = assertThrows(TunException.class,
                        () -> config.addAddress(InetAddress.getByName("10.1.1.1"), 33));
                assertOneLine(prefix, "prefix length 33 is out of range, use 0 to 32");

                ns.ip("link", "set", "wgcfg2", "down");
                TunException down = assertThrows(TunException.class,
                        () -> config.addRoute(InetAddress.getByName("10.90.0.0"), 16));
                assertEquals(Errno.ENETDOWN, down.errno());
                assertOneLine(down, "wgcfg2 is down");
            }
        }
    }

    @Test
    void refusesToRunFromAnotherNamespace() throws Exception {
        try (TestNetns ns = TestNetns.createOrSkip("LinkConfigTest.refusesToRunFromAnotherNamespace");
                TestNetns other = TestNetns.createOrSkip("LinkConfigTest.refusesToRunFromAnotherNamespace")) {
            TunDevice tun = ns.call(() -> TunDevice.create("wgcfg3"));
            try (tun) {
                // Asked from a second test namespace (never the host's, in case the guard ever breaks).
                TunException e = assertThrows(TunException.class, () -> other.call(() -> LinkConfig.open(tun)));
                assertOneLine(e, "called from a thread in network namespace", "NetNamespace.call");
                assertOneLine(assertThrows(TunException.class, () -> other.call(tun::openQueue)),
                        "openQueue for TUN wgcfg3");
                assertOneLine(assertThrows(TunException.class, () -> other.call(() -> LinkMonitor.open(tun))),
                        "LinkMonitor.open");
                assertEquals("", other.ip("-o", "link", "show", "type", "tun"), "nothing created in the other one");
            }
        }
    }

    static void assertOneLine(Exception e, String... parts) {
        String m = e.getMessage();
        assertTrue(!m.contains("\n"), "one line: " + m);
        for (String p : parts) {
            assertTrue(m.contains(p), "expected \"" + p + "\" in: " + m);
        }
    }

    private static Set<String> globalAddresses(TestNetns ns, String dev) throws Exception {
        return ns.ip("-o", "address", "show", "dev", dev, "scope", "global").lines()
                .map(l -> l.trim().split("\\s+"))
                .map(f -> f[2] + " " + f[3])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** wghub's routes (those with our protocol number), whitespace normalized. */
    private static Set<String> routes(TestNetns ns, String family) throws Exception {
        return ns.ip(family, "route", "show", "proto", String.valueOf(LinkConfig.ROUTE_PROTOCOL)).lines()
                .map(l -> String.join(" ", Arrays.stream(l.trim().split("\\s+")).toList()))
                .filter(l -> !l.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
