package io.wghub.gateway.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Semantics of {@link AllowedIps}: ownership, moves, removal and longest-prefix lookups. */
class AllowedIpsTest {
    /** A peer whose equals would match any other, to prove peers are compared by identity. */
    private record Peer(String name) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Peer;
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    private final Peer a = new Peer("a");
    private final Peer b = new Peer("b");
    private final Peer c = new Peer("c");
    private final AllowedIps<Peer> table = new AllowedIps<>();

    private void add(String prefix, Peer peer) {
        table.insert(Prefix.parse(prefix), peer);
    }

    private Peer at(String address) {
        return table.lookup(Prefix.parse(address).address());
    }

    private List<String> prefixesOf(Peer peer) {
        return table.prefixesOf(peer).stream().map(Prefix::toString).toList();
    }

    @Test
    void emptyTableMatchesNothing() {
        assertNull(at("10.0.0.1"));
        assertNull(at("fd00::1"));
        assertNull(table.lookupV4(0));
        assertNull(table.lookupV6(0, 0));
        assertEquals(0, table.size());
        assertEquals(List.of(), table.prefixesOf(a));
    }

    @Test
    void longestPrefixWinsAtEdges() {
        add("10.0.0.0/8", a);
        add("10.1.0.0/16", b);
        add("10.1.2.0/24", c);
        assertSame(a, at("10.0.0.0"));
        assertSame(a, at("10.255.255.255"));
        assertSame(a, at("10.2.1.255"));
        assertSame(a, at("10.0.255.255"));
        assertSame(c, at("10.1.2.0"));
        assertSame(c, at("10.1.2.255"));
        assertSame(b, at("10.1.3.0"));
        assertSame(b, at("10.1.0.0"));
        assertSame(b, at("10.1.255.255"));
        assertNull(at("9.255.255.255"));
        assertNull(at("11.0.0.0"));
    }

    @Test
    void prefixesNotOnByteBoundariesExpandCorrectly() {
        add("10.0.0.0/9", a);
        add("10.0.0.0/10", b);
        add("10.96.0.0/11", c);
        assertSame(b, at("10.0.0.0"));
        assertSame(b, at("10.63.255.255"));
        assertSame(a, at("10.64.0.0"));
        assertSame(a, at("10.95.255.255"));
        assertSame(c, at("10.96.0.0"));
        assertSame(c, at("10.127.255.255"));
        assertNull(at("10.128.0.0"));
        add("10.1.2.3/31", a);
        assertSame(a, at("10.1.2.2"));
        assertSame(a, at("10.1.2.3"));
        assertSame(b, at("10.1.2.4"));
        assertSame(b, at("10.1.2.1"));
    }

    @Test
    void defaultRoutesAndHostRoutes() {
        add("0.0.0.0/0", a);
        add("10.0.0.7/32", b);
        assertSame(a, at("0.0.0.0"));
        assertSame(a, at("255.255.255.255"));
        assertSame(b, at("10.0.0.7"));
        assertSame(a, at("10.0.0.6"));
        assertSame(a, at("10.0.0.8"));
        assertNull(at("::"), "an IPv4 default route does not cover IPv6");

        add("::/0", c);
        add("fd00::7/128", b);
        assertSame(c, at("::"));
        assertSame(c, at("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
        assertSame(b, at("fd00::7"));
        assertSame(c, at("fd00::6"));
        assertSame(c, at("fd00::8"));

        assertTrue(table.remove(Prefix.parse("0.0.0.0/0"), a));
        assertNull(at("10.0.0.6"));
        assertSame(b, at("10.0.0.7"));
    }

    @Test
    void ipv6EdgesAcrossTheWordBoundary() {
        add("fd00::/64", a);
        add("fd00:0:0:0:8000::/65", b);
        add("fd00::ff00/120", c);
        assertSame(a, at("fd00::"));
        assertSame(a, at("fd00::7fff:ffff:ffff:ffff"));
        assertSame(b, at("fd00::8000:0:0:0"));
        assertSame(b, at("fd00::ffff:ffff:ffff:ffff"));
        assertSame(c, at("fd00::ff00"));
        assertSame(c, at("fd00::ffff"));
        assertSame(a, at("fd00::feff"));
        assertSame(a, at("fd00::1:0"));
        assertNull(at("fd00:0:0:1::"));
        assertNull(at("fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
    }

    @Test
    void hotPathFormsAgreeWithByteForm() {
        add("10.8.0.0/14", a);
        add("10.9.1.2/32", b);
        add("fd00::/64", a);
        add("fd00::1:2/128", b);
        assertSame(b, table.lookupV4(0x0A090102));
        assertSame(a, table.lookupV4(0x0A090103));
        assertSame(a, table.lookupV4(0x0A0BFFFF));
        assertNull(table.lookupV4(0x0A0C0000));
        assertNull(table.lookupV4(0xF0000000), "the sign bit of the int is an address bit");
        add("240.0.0.0/4", c);
        assertSame(c, table.lookupV4(0xF0000000));
        assertSame(c, table.lookupV4(-1));
        long high = 0xfd00_0000_0000_0000L;
        assertSame(b, table.lookupV6(high, 0x1_0002L));
        assertSame(a, table.lookupV6(high, 0x1_0003L));
        assertSame(a, table.lookupV6(high, -1L));
        assertNull(table.lookupV6(high + 1, 0));
    }

    @Test
    void insertMovesAPrefixToTheNewPeer() {
        add("10.0.0.0/24", a);
        add("10.0.1.0/24", a);
        add("10.0.0.0/24", b);
        assertSame(b, at("10.0.0.1"));
        assertEquals(List.of("10.0.1.0/24"), prefixesOf(a));
        assertEquals(List.of("10.0.0.0/24"), prefixesOf(b));
        assertEquals(2, table.size());
        add("10.0.1.0/24", b);
        assertEquals(List.of(), prefixesOf(a));
        assertEquals(List.of("10.0.0.0/24", "10.0.1.0/24"), prefixesOf(b));
        add("0.0.0.0/0", a);
        add("0.0.0.0/0", c);
        assertSame(c, at("1.1.1.1"));
        assertEquals(List.of(), prefixesOf(a));
    }

    @Test
    void reinsertingForTheSameOwnerChangesNothing() {
        add("10.0.0.0/24", a);
        add("fd00::/64", a);
        add("10.0.0.0/24", a);
        assertEquals(List.of("10.0.0.0/24", "fd00::/64"), prefixesOf(a));
        assertEquals(2, table.size());
        add("10.0.0.9/24", a);
        assertEquals(List.of("10.0.0.0/24", "fd00::/64"), prefixesOf(a), "host bits are ignored");
    }

    @Test
    void removeOnlyByOwner() {
        add("10.0.0.0/24", a);
        add("fd00::/64", a);
        assertFalse(table.remove(Prefix.parse("10.0.0.0/24"), b));
        assertSame(a, at("10.0.0.1"));
        assertFalse(table.remove(Prefix.parse("10.0.0.0/25"), a));
        assertFalse(table.remove(Prefix.parse("0.0.0.0/0"), a));
        assertTrue(table.remove(Prefix.parse("10.0.0.0/24"), a));
        assertFalse(table.remove(Prefix.parse("10.0.0.0/24"), a));
        assertNull(at("10.0.0.1"));
        assertSame(a, at("fd00::1"));
        assertEquals(List.of("fd00::/64"), prefixesOf(a));
        assertEquals(1, table.size());
    }

    @Test
    void removingASpecificUncoversTheShorter() {
        add("10.0.0.0/8", a);
        add("10.1.0.0/16", b);
        add("10.1.2.0/24", c);
        assertTrue(table.remove(Prefix.parse("10.1.0.0/16"), b));
        assertSame(a, at("10.1.3.0"));
        assertSame(c, at("10.1.2.3"));
        assertTrue(table.remove(Prefix.parse("10.1.2.0/24"), c));
        assertSame(a, at("10.1.2.3"));
        assertTrue(table.remove(Prefix.parse("10.0.0.0/8"), a));
        assertNull(at("10.1.2.3"));
        assertEquals(0, table.size());
    }

    @Test
    void removePeerDropsAllItsPrefixesOnly() {
        add("10.0.0.0/8", a);
        add("0.0.0.0/0", a);
        add("fd00::/8", a);
        add("::/0", a);
        add("10.1.0.0/16", b);
        add("fd00::1/128", b);
        table.removePeer(a);
        assertEquals(List.of(), prefixesOf(a));
        assertEquals(List.of("10.1.0.0/16", "fd00::1/128"), prefixesOf(b));
        assertEquals(2, table.size());
        assertNull(at("10.0.0.1"));
        assertNull(at("1.1.1.1"));
        assertNull(at("fd00::2"));
        assertNull(at("::2"));
        assertSame(b, at("10.1.0.1"));
        assertSame(b, at("fd00::1"));
        table.removePeer(c);
        assertEquals(2, table.size());
    }

    @Test
    void prefixesOfKeepsInsertionOrder() {
        String[] order =
                {"fd00::/64", "10.0.0.0/24", "0.0.0.0/0", "10.0.0.0/8", "::/0", "1.2.3.4/32"};
        for (String p : order) {
            add(p, a);
        }
        assertEquals(List.of(order), prefixesOf(a));
        table.remove(Prefix.parse("0.0.0.0/0"), a);
        add("0.0.0.0/0", a);
        assertEquals(List.of("fd00::/64", "10.0.0.0/24", "10.0.0.0/8", "::/0", "1.2.3.4/32",
                "0.0.0.0/0"), prefixesOf(a));
    }

    @Test
    void peersAreComparedByIdentity() {
        add("10.0.0.0/24", a);
        assertFalse(table.remove(Prefix.parse("10.0.0.0/24"), new Peer("a")));
        add("10.0.0.0/24", b);
        assertSame(b, at("10.0.0.1"));
        assertEquals(List.of(), prefixesOf(a));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(NullPointerException.class, () -> table.insert(null, a));
        assertThrows(NullPointerException.class, () -> table.insert(Prefix.parse("::/0"), null));
        assertThrows(IllegalArgumentException.class, () -> table.lookup(new byte[5]));
    }

    @Test
    void manyPeersInOneNodeAndPruning() {
        Peer[] peers = new Peer[256];
        for (int i = 0; i < 256; i++) {
            peers[i] = new Peer("p" + i);
            table.insert(Prefix.of(new byte[] {10, 9, 8, (byte) i}, 32), peers[i]);
        }
        for (int i = 0; i < 256; i++) {
            assertSame(peers[i], table.lookupV4(0x0A090800 | i));
        }
        for (int i = 0; i < 256; i += 2) {
            table.removePeer(peers[i]);
        }
        for (int i = 0; i < 256; i++) {
            assertEquals(i % 2 == 0 ? null : peers[i], table.lookupV4(0x0A090800 | i));
        }
        for (int i = 1; i < 256; i += 2) {
            assertTrue(table.remove(Prefix.of(new byte[] {10, 9, 8, (byte) i}, 32), peers[i]));
        }
        assertEquals(0, table.size());
        assertNull(table.lookupV4(0x0A090801));
    }
}
