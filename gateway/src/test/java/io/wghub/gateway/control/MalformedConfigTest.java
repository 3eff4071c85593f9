package io.wghub.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a config file can be wrong: the error names the right line, says what is wrong in
 * one line, and repeats no key from the file.
 */
class MalformedConfigTest {
    private static final String I = "[Interface]";
    private static final String PK = "PrivateKey = {PRIV}";
    private static final String P = "[Peer]";
    private static final String PUB1 = "PublicKey = {PUB1}";
    private static final String PUB2 = "PublicKey = {PUB2}";

    private static Arguments row(String name, int line, String fragment, String... lines) {
        return Arguments.of(name, String.join("\n", lines) + "\n", line, fragment);
    }

    static Stream<Arguments> files() {
        return Stream.of(
                // Keys
                row("bad base64 key", 2, "PrivateKey: not a valid key (a character outside base64)",
                        I, "PrivateKey = {PRIV_BADCHAR}"),
                row("key one character short", 4, "PublicKey: not a valid key (43 characters): expected 44",
                        I, PK, P, "PublicKey = {PUB1_SHORT}"),
                row("key of 31 bytes", 5, "PresharedKey: not a valid key (it decodes to 31 bytes)",
                        I, PK, P, PUB1, "PresharedKey = {PSK_31}"),
                row("key with spare bits set", 4, "PublicKey: not a valid key (its last character",
                        I, PK, P, "PublicKey = {PUB1_BITS}"),
                row("duplicate peer", 8, "the same PublicKey is already given on line 4; each peer may appear once",
                        I, PK, P, PUB1, "AllowedIPs = 10.0.0.2/32", "", P, PUB1),
                row("peer is the interface itself", 4, "PublicKey is this interface's own public key (from the"
                        + " PrivateKey on line 2)", I, PK, P, "PublicKey = {SELF}"),
                row("interface key of an earlier peer", 4, "this PrivateKey belongs to the peer whose PublicKey"
                        + " is on line 2", P, "PublicKey = {SELF}", I, PK),
                row("key pasted on a line of its own", 3, "unknown key (a 43-character value that looks like a key,"
                        + " not shown) in [Interface]", I, PK, "{PSK}"),
                row("key pasted into AllowedIPs", 5, "AllowedIPs has an entry that is not an IP address but (a"
                        + " 44-character value that looks like a key, not shown)", I, PK, P, PUB1, "AllowedIPs = {PSK}"),
                row("key pasted into ListenPort", 3, "ListenPort (a 44-character value that looks like a key,"
                        + " not shown) is not a number", I, PK, "ListenPort = {PSK}"),
                // Addresses
                row("AllowedIPs prefix too long", 5, "AllowedIPs \"10.0.0.0/33\": prefix length must be 0..32",
                        I, PK, P, PUB1, "AllowedIPs = 10.0.0.0/33"),
                row("AllowedIPs not an address", 5, "AllowedIPs \"10.0.0.256/32\" is not an IP address",
                        I, PK, P, PUB1, "AllowedIPs = 10.0.0.1/32, 10.0.0.256/32"),
                row("Address prefix too long", 3, "Address \"fd00::1/129\": prefix length must be 0..128",
                        I, PK, "Address = 10.0.0.1/24, fd00::1/129"),
                row("Address listed twice", 4, "Address 10.0.0.1/24 is listed twice (first on line 3)",
                        I, PK, "Address = 10.0.0.1/24", "Address = 10.0.0.1/24"),
                row("empty list entry", 5, "AllowedIPs has an empty entry",
                        I, PK, P, PUB1, "AllowedIPs = 10.0.0.1/32,,10.0.0.2/32"),
                row("network routed to two peers", 8, "AllowedIPs 10.0.0.0/24 is already routed to the [Peer] on"
                        + " line 3 (see line 5)", I, PK, P, PUB1, "AllowedIPs = 10.0.0.0/24", P, PUB2,
                        "AllowedIPs = 10.0.0.0/24"),
                row("network twice in one peer", 6, "AllowedIPs lists 10.0.0.0/24 twice in this [Peer] (first on"
                        + " line 5)", I, PK, P, PUB1, "AllowedIPs = 10.0.0.5/24", "AllowedIPs = 10.0.0.0/24"),
                // ListenPort
                row("ListenPort out of range", 3, "ListenPort \"70000\" is out of range; use 0 to 65535",
                        I, PK, "ListenPort = 70000"),
                row("ListenPort not a number", 3, "ListenPort \"51820x\" is not a number", I, PK, "ListenPort = 51820x"),
                row("ListenPort negative", 3, "ListenPort \"-1\" is not a number", I, PK, "ListenPort = -1"),
                // Sections
                row("unknown section", 3, "unknown section \"[Peers]\"; did you mean [Peer]?", I, PK, "[Peers]", PUB1),
                row("unknown section far from any", 3, "unknown section \"[Server]\"; a wg-quick file has one"
                        + " [Interface]", I, PK, "[Server]"),
                row("section header without ]", 3, "section header has no closing ']'", I, PK, "[Peer", PUB1),
                row("text after section header", 3, "text after the section header's ']'", I, PK, "[Peer] alice"),
                row("two [Interface] sections", 5, "a second [Interface] (the first is on line 1)",
                        I, PK, P, PUB1, I, "ListenPort = 1"),
                row("no [Interface]", 2, "no [Interface] section", "# only peers", P, PUB1),
                row("empty file", 1, "no [Interface] section", ""),
                row("missing PrivateKey", 1, "[Interface] has no PrivateKey", I, "ListenPort = 51820", P, PUB1),
                row("[Peer] without PublicKey", 3, "[Peer] has no PublicKey",
                        I, PK, P, "AllowedIPs = 10.0.0.2/32", P, PUB2),
                row("last [Peer] without PublicKey", 5, "[Peer] has no PublicKey",
                        I, PK, P, PUB1, P, "Endpoint = 192.0.2.1:51820"),
                // Keys of lines
                row("unknown key near a known one", 5, "unknown key \"AllowedIP\" in [Peer]; did you mean AllowedIPs?",
                        I, PK, P, PUB1, "AllowedIP = 10.0.0.2/32"),
                row("unknown key", 3, "unknown key \"Foo\" in [Interface]; the keys of [Interface] are PrivateKey,"
                        + " Address, ListenPort", I, PK, "Foo = bar"),
                row("Name written as a key", 4, "Name is not a setting; a peer's name is a comment line",
                        I, PK, P, "Name = alice", PUB1),
                row("key outside any section", 1, "PrivateKey comes before any section; put it under [Interface]",
                        PK, I),
                row("unknown key outside any section", 2, "unknown key \"Hello\" before any section",
                        "", "Hello = world", I, PK),
                row("[Peer] key in [Interface]", 3, "AllowedIPs belongs in [Peer], not in [Interface]",
                        I, PK, "AllowedIPs = 10.0.0.0/24"),
                row("wg-quick key in [Peer]", 5, "DNS belongs in [Interface], not in [Peer]",
                        I, PK, P, PUB1, "DNS = 1.1.1.1"),
                row("missing =", 3, "the line has no '='; write settings as Key = Value", I, PK, "ListenPort 51820"),
                row("nothing before =", 3, "no key before '='", I, PK, "= 51820"),
                row("empty value", 3, "ListenPort has no value; write it like ListenPort = 51820, or delete the line",
                        I, PK, "ListenPort =   # later"),
                row("empty key value", 4, "PublicKey has no value", I, PK, P, "PublicKey ="),
                // Keys given twice
                row("PrivateKey twice", 3, "PrivateKey appears twice in this [Interface] section (first on line 2)",
                        I, PK, PK),
                row("ListenPort twice", 4, "ListenPort appears twice in this [Interface] section (first on line 2)",
                        I, "ListenPort = 1", PK, "listenport = 2"),
                row("MTU twice", 4, "MTU appears twice", I, PK, "MTU = 1420", "MTU = 1420"),
                row("FwMark twice, once off", 4, "FwMark appears twice", I, PK, "FwMark = off", "FwMark = 1"),
                row("PublicKey twice in a peer", 5, "PublicKey appears twice in this [Peer] section (first on line 4);"
                        + " keep one, or start a new [Peer]", I, PK, P, PUB1, PUB2),
                row("PresharedKey twice", 6, "PresharedKey appears twice", I, PK, P, PUB1,
                        "PresharedKey = {PSK}", "PresharedKey = {PSK}"),
                row("Endpoint twice", 6, "Endpoint appears twice", I, PK, P, PUB1,
                        "Endpoint = 192.0.2.1:51820", "Endpoint = 192.0.2.2:51820"),
                row("PersistentKeepalive twice", 6, "PersistentKeepalive appears twice", I, PK, P, PUB1,
                        "PersistentKeepalive = 25", "PersistentKeepalive = off"),
                // Endpoint
                row("Endpoint without port", 5, "Endpoint \"vpn.example.com\" has no port",
                        I, PK, P, PUB1, "Endpoint = vpn.example.com"),
                row("Endpoint with empty port", 5, "Endpoint \"192.0.2.1:\" has no port after ':'",
                        I, PK, P, PUB1, "Endpoint = 192.0.2.1:"),
                row("Endpoint port out of range", 5, "Endpoint port \"70000\" is out of range; use 1 to 65535",
                        I, PK, P, PUB1, "Endpoint = 192.0.2.1:70000"),
                row("Endpoint port 0", 5, "Endpoint port \"0\" is out of range", I, PK, P, PUB1, "Endpoint = 192.0.2.1:0"),
                row("Endpoint port not a number", 5, "Endpoint port \"wg\" is not a number",
                        I, PK, P, PUB1, "Endpoint = 192.0.2.1:wg"),
                row("Endpoint [ without ]", 5, "Endpoint \"[fd00::1:51820\" has '[' without a matching ']'",
                        I, PK, P, PUB1, "Endpoint = [fd00::1:51820"),
                row("Endpoint ] without [", 5, "Endpoint \"fd00::1]:51820\" has ']' without a matching '['",
                        I, PK, P, PUB1, "Endpoint = fd00::1]:51820"),
                row("Endpoint IPv6 without brackets", 5, "looks like an IPv6 address without brackets",
                        I, PK, P, PUB1, "Endpoint = fd00::1:51820"),
                row("Endpoint brackets around IPv4", 5, "has brackets around something that is not an IPv6 address",
                        I, PK, P, PUB1, "Endpoint = [192.0.2.1]:51820"),
                row("Endpoint no ':' after ]", 5, "needs ':' and a port right after ']'",
                        I, PK, P, PUB1, "Endpoint = [fd00::1]51820"),
                row("Endpoint host with a space", 5, "Endpoint \"vpn example.com:51820\" is not a host name",
                        I, PK, P, PUB1, "Endpoint = vpn example.com:51820"),
                row("Endpoint bad IPv4", 5, "is not a valid IPv4 address", I, PK, P, PUB1, "Endpoint = 192.0.2.256:51820"),
                // PersistentKeepalive, MTU, FwMark
                row("PersistentKeepalive not a number", 5, "PersistentKeepalive \"often\" is not a number",
                        I, PK, P, PUB1, "PersistentKeepalive = often"),
                row("PersistentKeepalive out of range", 5, "PersistentKeepalive \"65536\" is out of range",
                        I, PK, P, PUB1, "PersistentKeepalive = 65536"),
                row("MTU too small", 3, "MTU \"100\" is out of range; use 576 to 65455", I, PK, "MTU = 100"),
                row("MTU too large", 3, "MTU \"65536\" is out of range; use 576 to 65455", I, PK, "MTU = 65536"),
                row("MTU not a number", 3, "MTU \"1420 bytes\" is not a number", I, PK, "MTU = 1420 bytes"),
                row("MTU below the IPv6 minimum", 4, "MTU 1000 is below 1280, the IPv6 minimum, but the Address on"
                        + " line 5 is IPv6", I, PK, "Address = 10.0.0.1/24", "MTU = 1000", "Address = fd00::1/64"),
                row("FwMark beyond 32 bits", 3, "FwMark \"0x100000000\" is out of range", I, PK, "FwMark = 0x100000000"),
                row("FwMark decimal beyond 32 bits", 3, "FwMark \"4294967296\" is out of range",
                        I, PK, "FwMark = 4294967296"),
                row("FwMark not a number", 3, "FwMark \"mark\" is not a number", I, PK, "FwMark = mark"),
                row("FwMark bad hex", 3, "FwMark \"0xfg\" is not a number", I, PK, "FwMark = 0xfg"),
                // Names
                row("two names for a peer", 5, "this [Peer] already has a name (on line 4)",
                        I, PK, P, "# Name = alice", "# name = bob", PUB1),
                row("empty name", 4, "peer name is empty", I, PK, P, "# Name =", PUB1),
                // Text
                row("NUL byte", 2, "the file contains a NUL byte", I, PK + "\0"),
                row("unpaired surrogate", 3, "unpaired UTF-16 surrogate", I, PK, "# \uD800 comment"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void reportsTheLineAndWhatIsWrong(String name, String template, int line, String fragment) {
        String text = TestKeys.fill(template);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(text, "wg0.conf"));
        String message = e.getMessage();
        assertTrue(message.startsWith("wg0.conf:" + line + ": "), message);
        assertEquals(line, e.line());
        assertEquals("wg0.conf", e.source());
        assertTrue(message.contains(fragment), () -> "expected \"" + fragment + "\" in: " + message);
        assertFalse(message.contains("\n") || message.contains("\r"), message);
        // Key errors keep KeyEncoding's wording, "...: expected 44 characters ..."; all others "; fix".
        assertTrue(message.contains("; ") || message.contains(": expected "), () -> "no fix: " + message);
        assertNull(TestKeys.leak(message, text), message);
    }

    @Test
    void hasAtLeast25Files() {
        assertTrue(files().count() >= 25);
    }

    @Test
    void messageHasTheDocumentedShape() {
        String text = TestKeys.fill("[Interface]\nPrivateKey = {PRIV}\nListenPort = 70000\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(text, "wg0.conf"));
        assertEquals("wg0.conf:3: ListenPort \"70000\" is out of range; use 0 to 65535", e.getMessage());
    }

    @Test
    void keyErrorSaysWhatIsExpected() {
        String text = TestKeys.fill("[Interface]\nPrivateKey = {PRIV}\n\n# bob\n\n\n\n[Peer]\nPublicKey = {PUB1_SHORT}\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(text, "wg0.conf"));
        assertEquals("wg0.conf:9: PublicKey: not a valid key (43 characters): expected 44 characters of base64"
                + " ending in '=' (32 bytes), as 'wg genkey' prints", e.getMessage());
    }

    @Test
    void controlCharactersInQuotedTextStayOnOneLine() {
        String text = TestKeys.fill("[Interface]\nPrivateKey = {PRIV}\nListenPort = 5\u2028x\u001b\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(text, "wg\n0.conf"));
        assertEquals("wg\\u000a0.conf:3: ListenPort \"5\\u2028x\\u001b\" is not a number; use 0 to 65535"
                + " (0 lets the system pick)", e.getMessage());
    }
}
