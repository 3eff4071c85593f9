package io.wghub.gateway.route;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Parsing, canonical form, text form and containment of {@link Prefix}. */
class PrefixTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/24         | 10.0.0.0/24",
        "10.0.0.5/24         | 10.0.0.0/24",
        "10.0.0.1            | 10.0.0.1/32",
        "0.0.0.0/0           | 0.0.0.0/0",
        "192.168.77.255/0    | 0.0.0.0/0",
        "255.255.255.255/32  | 255.255.255.255/32",
        "10.1.2.3/9          | 10.0.0.0/9",
        "fd00::/64           | fd00::/64",
        "fd00::1             | fd00::1/128",
        "fd00::1/64          | fd00::/64",
        "FD00:0:0:0:0:0:0:0/8 | fd00::/8",
        "::/0                | ::/0",
        "::1                 | ::1/128",
        "1::                 | 1::/128",
        "::                  | ::/128",
        "2001:db8:0:0:1:0:0:1 | 2001:db8::1:0:0:1/128",
        "2001:db8:0:1:1:1:1:1 | 2001:db8:0:1:1:1:1:1/128",
        "1:0:0:2:0:0:0:3     | 1:0:0:2::3/128",
        "2001:0DB8:00:000::ab/32 | 2001:db8::/32",
        "::ffff:10.0.0.0/104 | ::ffff:10.0.0.0/104",
        "::ffff:0a00:1       | ::ffff:10.0.0.1/128",
        "::1.2.3.4           | ::102:304/128",
        "1:2:3:4:5:6:7.8.9.10 | 1:2:3:4:5:6:708:90a/128",
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/127 | ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127",
    })
    void parsesToCanonicalText(String text, String canonical) {
        Prefix p = Prefix.parse(text);
        assertEquals(canonical, p.toString());
        assertEquals(p, Prefix.parse(canonical), "the canonical text parses back to the same");
    }

    @Test
    void trimsSurroundingWhitespace() {
        assertEquals(Prefix.parse("10.0.0.0/24"), Prefix.parse(" \t10.0.0.0/24\n "));
        assertEquals(Prefix.parse("fd00::/64"), Prefix.parse("  fd00::/64"));
    }

    @Test
    void exposesFamilyLengthAndAddress() {
        Prefix v4 = Prefix.parse("10.1.2.3/16");
        assertTrue(v4.isIpv4());
        assertEquals(16, v4.length());
        assertArrayEquals(new byte[] {10, 1, 0, 0}, v4.address());

        Prefix v6 = Prefix.parse("fd00:1:2:3::9/48");
        assertFalse(v6.isIpv4());
        assertEquals(48, v6.length());
        byte[] expected = new byte[16];
        expected[0] = (byte) 0xfd;
        expected[3] = 1;
        expected[5] = 2;
        assertArrayEquals(expected, v6.address());

        byte[] copy = v4.address();
        copy[0] = 99;
        assertArrayEquals(new byte[] {10, 1, 0, 0}, v4.address(), "address() hands out a copy");
    }

    @Test
    void embeddedIpv4KeepsItsBits() {
        byte[] expected = new byte[16];
        expected[12] = 1;
        expected[13] = 2;
        expected[14] = 3;
        expected[15] = 4;
        assertArrayEquals(expected, Prefix.parse("::1.2.3.4").address(),
                "::a.b.c.d must not be turned into an IPv4-mapped address");
    }

    @Test
    void ofMasksHostBits() {
        Prefix p = Prefix.of(new byte[] {10, 0, 0, 5}, 24);
        assertEquals("10.0.0.0/24", p.toString());
        assertEquals(Prefix.parse("10.0.0.0/24"), p);
        assertEquals(Prefix.parse("10.0.0.0/24").hashCode(), p.hashCode());
        assertEquals("0.0.0.0/0", Prefix.of(new byte[] {1, 2, 3, 4}, 0).toString());
        byte[] v6 = new byte[16];
        v6[0] = (byte) 0xfd;
        v6[15] = 7;
        assertEquals("fd00::/120", Prefix.of(v6, 120).toString());
        assertEquals("fd00::7/128", Prefix.of(v6, 128).toString());
        assertEquals("fc00::/7", Prefix.of(v6, 7).toString());
    }

    @Test
    void ofCopiesTheInput() {
        byte[] a = {10, 0, 0, 1};
        Prefix p = Prefix.of(a, 32);
        a[3] = 2;
        assertEquals("10.0.0.1/32", p.toString());
    }

    @Test
    void ofRejectsBadLengthsAndSizes() {
        assertEquals("prefix length must be 0..32 for IPv4, got 33", assertThrows(
                IllegalArgumentException.class, () -> Prefix.of(new byte[4], 33)).getMessage());
        assertEquals("prefix length must be 0..32 for IPv4, got -1", assertThrows(
                IllegalArgumentException.class, () -> Prefix.of(new byte[4], -1)).getMessage());
        assertEquals("prefix length must be 0..128 for IPv6, got 129", assertThrows(
                IllegalArgumentException.class, () -> Prefix.of(new byte[16], 129)).getMessage());
        assertEquals("address must be 4 (IPv4) or 16 (IPv6) bytes, got 5", assertThrows(
                IllegalArgumentException.class, () -> Prefix.of(new byte[5], 8)).getMessage());
    }

    @Test
    void equalityNeedsSameFamilyAddressAndLength() {
        assertNotEquals(Prefix.parse("0.0.0.0/0"), Prefix.parse("::/0"));
        assertNotEquals(Prefix.parse("10.0.0.0/24"), Prefix.parse("10.0.0.0/25"));
        assertNotEquals(Prefix.parse("10.0.0.0/24"), Prefix.parse("10.0.1.0/24"));
        assertNotEquals(Prefix.parse("::/96"), Prefix.parse("0.0.0.0/0"));
        assertEquals(Prefix.parse("fd00::/64"), Prefix.parse("fd00:0::0/64"));
    }

    @Test
    void containsChecksFirstLastAndOutside() {
        Prefix p = Prefix.parse("10.0.1.0/24");
        assertTrue(p.contains(new byte[] {10, 0, 1, 0}));
        assertTrue(p.contains(new byte[] {10, 0, 1, (byte) 255}));
        assertFalse(p.contains(new byte[] {10, 0, 0, (byte) 255}));
        assertFalse(p.contains(new byte[] {10, 0, 2, 0}));
        assertFalse(p.contains(new byte[16]), "an IPv6 address is never in an IPv4 prefix");

        assertTrue(Prefix.parse("0.0.0.0/0").contains(new byte[] {(byte) 200, 1, 2, 3}));
        assertTrue(Prefix.parse("::/0").contains(Prefix.parse("fd00::1").address()));
        Prefix v6 = Prefix.parse("fd00::/64");
        assertTrue(v6.contains(Prefix.parse("fd00::").address()));
        assertTrue(v6.contains(Prefix.parse("fd00::ffff:ffff:ffff:ffff").address()));
        assertFalse(v6.contains(Prefix.parse("fd00:0:0:1::").address()));
        assertFalse(v6.contains(Prefix.parse("fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff").address()));
        assertThrows(IllegalArgumentException.class, () -> v6.contains(new byte[3]));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "10.0.0.300/24 | '\"10.0.0.300/24\" is not an IP address: expected an IPv4 or IPv6 literal"
                + " such as 10.0.0.0/24 or fd00::/64'",
        "10.0.0/24 | '\"10.0.0/24\" is not an IP address: expected an IPv4 or IPv6 literal"
                + " such as 10.0.0.0/24 or fd00::/64'",
        "example.com/32 | '\"example.com/32\" is not an IP address: expected an IPv4 or IPv6"
                + " literal such as 10.0.0.0/24 or fd00::/64'",
        "localhost | '\"localhost\" is not an IP address: expected an IPv4 or IPv6 literal such as"
                + " 10.0.0.0/24 or fd00::/64'",
        "1:2:3:4:5:6:7:8:9/64 | '\"1:2:3:4:5:6:7:8:9/64\" is not an IP address: expected an IPv4"
                + " or IPv6 literal such as 10.0.0.0/24 or fd00::/64'",
        "1.2.3.4::/64 | '\"1.2.3.4::/64\" is not an IP address: expected an IPv4 or IPv6 literal"
                + " such as 10.0.0.0/24 or fd00::/64'",
        "fd00::1.2.3/128 | '\"fd00::1.2.3/128\" is not an IP address: expected an IPv4 or IPv6"
                + " literal such as 10.0.0.0/24 or fd00::/64'",
        "10.0.0.0 /24 | '\"10.0.0.0 /24\" is not an IP address: expected an IPv4 or IPv6 literal"
                + " such as 10.0.0.0/24 or fd00::/64'",
        "10.0.0.0/33 | '\"10.0.0.0/33\": prefix length must be 0..32 for IPv4'",
        "10.0.0.0/99999999999 | '\"10.0.0.0/99999999999\": prefix length must be 0..32 for IPv4'",
        "fd00::/129 | '\"fd00::/129\": prefix length must be 0..128 for IPv6'",
        "10.0.0.0/ | '\"10.0.0.0/\": missing prefix length after \"/\"; write it like 10.0.0.0/32'",
        "10.0.0.0/2x | '\"10.0.0.0/2x\": prefix length \"2x\" is not a number; write a decimal"
                + " 0..32 for IPv4 like 10.0.0.0/32'",
        "10.0.0.0/-1 | '\"10.0.0.0/-1\": prefix length \"-1\" is not a number; write a decimal"
                + " 0..32 for IPv4 like 10.0.0.0/32'",
        "10.0.0.0/24/8 | '\"10.0.0.0/24/8\": prefix length \"24/8\" is not a number; write a"
                + " decimal 0..32 for IPv4 like 10.0.0.0/32'",
        "fd00::/6 4 | '\"fd00::/6 4\": prefix length \"6 4\" is not a number; write a decimal"
                + " 0..128 for IPv6 like fd00::/128'",
        "/24 | '\"/24\" has no address before \"/\": expected an IP prefix such as 10.0.0.0/24 or"
                + " fd00::/64'",
        "[fd00::1]/128 | '\"[fd00::1]/128\": brackets are not part of a prefix; write it like"
                + " fd00::1/128'",
        "fe80::1%eth0/64 | '\"fe80::1%eth0/64\": zone ids such as %eth0 are not allowed in a"
                + " prefix; write the bare address like fe80::/64'",
        "010.0.0.1/32 | '\"010.0.0.1/32\": IPv4 octet \"010\" has a leading zero, which some tools"
                + " read as octal; write it without leading zeros'",
    })
    void rejectsWithOneClearLine(String input, String message) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Prefix.parse(input));
        assertEquals(message, e.getMessage());
    }

    @Test
    void rejectsEmptyInput() {
        String expected = "\"\" is empty: expected an IP prefix such as 10.0.0.0/24 or fd00::/64";
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> Prefix.parse("")).getMessage());
        assertEquals(expected, assertThrows(IllegalArgumentException.class,
                () -> Prefix.parse(" \t\n")).getMessage());
    }

    @Test
    void errorMessageStaysOnOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Prefix.parse("10.0.0.0\n/24\"x"));
        assertEquals("\"10.0.0.0\\u000a/24\\\"x\" is not an IP address: expected an IPv4 or IPv6"
                + " literal such as 10.0.0.0/24 or fd00::/64", e.getMessage());
    }
}
