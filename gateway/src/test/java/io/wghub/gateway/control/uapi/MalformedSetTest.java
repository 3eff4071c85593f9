package io.wghub.gateway.control.uapi;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Malformed set=1 requests, each answered over the socket with the errno wireguard-go gives it,
 * none reaching apply(), and the connection still serving the next request.
 */
@Timeout(30)
class MalformedSetTest {
    private static final String PEER = "public_key=" + Keys.hex(Keys.key(9)) + "\n";
    private static final String HEX = Keys.hex(Keys.key(5));
    private static final int EINVAL = UapiException.EINVAL;
    private static final int EPROTO = UapiException.EPROTO;

    @TempDir
    static Path dir;
    private static RecordingDevice device;
    private static UapiServer server;

    @BeforeAll
    static void start() throws Exception {
        device = new RecordingDevice();
        server = UapiServer.start(dir, "wgmalformed", device);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Each: the request body (lines before the blank line) and the errno wireguard-go answers. */
    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("foo=bar", EINVAL),
                Arguments.of("listen_port", EPROTO),
                Arguments.of("=x", EINVAL),
                Arguments.of("key=value=x", EINVAL),
                Arguments.of("get=1", EINVAL),
                Arguments.of("listen_port=70000", EINVAL),
                Arguments.of("listen_port=-1", EINVAL),
                Arguments.of("listen_port= 1", EINVAL),
                Arguments.of("fwmark=4294967296", EINVAL),
                Arguments.of("fwmark=0x10", EINVAL),
                Arguments.of("private_key=", EINVAL),
                Arguments.of("private_key=" + HEX.substring(2), EINVAL),
                Arguments.of("private_key=zz" + HEX.substring(2), EINVAL),
                Arguments.of("replace_peers=false", EINVAL),
                Arguments.of("protocol_version=1", EINVAL),
                Arguments.of("endpoint=1.2.3.4:5", EINVAL),
                Arguments.of("allowed_ip=10.0.0.0/8", EINVAL),
                Arguments.of("public_key=" + HEX + "00", EINVAL),
                Arguments.of("public_key=" + HEX.substring(1), EINVAL),
                Arguments.of(PEER + "listen_port=1", EINVAL),
                Arguments.of(PEER + "private_key=" + HEX, EINVAL),
                Arguments.of(PEER + "foo=1", EINVAL),
                Arguments.of(PEER + "endpoint=localhost:5", EINVAL),
                Arguments.of(PEER + "endpoint=::1:5", EINVAL),
                Arguments.of(PEER + "endpoint=[1.2.3.4]:5", EINVAL),
                Arguments.of(PEER + "endpoint=1.2.3.4", EINVAL),
                Arguments.of(PEER + "endpoint=1.2.3.4:65536", EINVAL),
                Arguments.of(PEER + "endpoint=1.2.3.4:+5", EINVAL),
                Arguments.of(PEER + "endpoint=01.2.3.4:5", EINVAL),
                Arguments.of(PEER + "endpoint= 1.2.3.4:5", EINVAL),
                Arguments.of(PEER + "endpoint=[fe80::1%nosuch0]:5", EINVAL),
                Arguments.of(PEER + "endpoint=[fe80::1%]:5", EINVAL),
                Arguments.of(PEER + "endpoint=[::1]:", EINVAL),
                Arguments.of(PEER + "endpoint=:5", EINVAL),
                Arguments.of(PEER + "allowed_ip=10.0.0.0/", EINVAL),
                Arguments.of(PEER + "allowed_ip=10.0.0.1", EINVAL),
                Arguments.of(PEER + "allowed_ip=10.0.0.0/33", EINVAL),
                Arguments.of(PEER + "allowed_ip=010.0.0.0/8", EINVAL),
                Arguments.of(PEER + "allowed_ip= 10.0.0.0/8", EINVAL),
                Arguments.of(PEER + "allowed_ip=fe80::%lo/64", EINVAL),
                Arguments.of(PEER + "persistent_keepalive_interval=65536", EINVAL),
                Arguments.of(PEER + "persistent_keepalive_interval=-1", EINVAL),
                Arguments.of(PEER + "persistent_keepalive_interval=+1", EINVAL),
                Arguments.of(PEER + "protocol_version=2", EINVAL),
                Arguments.of(PEER + "remove=false", EINVAL),
                Arguments.of(PEER + "update_only=1", EINVAL),
                Arguments.of(PEER + "replace_allowed_ips=TRUE", EINVAL),
                Arguments.of(PEER + "preshared_key=00", EINVAL),
                Arguments.of(PEER + "allowed_ip=10.0.0.0/8\nendpoint=1.2.3.4:5\nendpoint=bad", EINVAL),
                Arguments.of(PEER + "allowed_ip=10.0.0.0/8\nfoo", EPROTO),
                Arguments.of("listen_port=1\nfoo=bar\nlisten_port=2", EINVAL));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void answersWithErrnoAndAppliesNothing(String body, int errno) throws Exception {
        int before = device.applied().size();
        try (UapiClient client = new UapiClient(server.socketPath())) {
            assertEquals("errno=-" + errno + "\n\n", client.send("set=1\n" + body + "\n\n").reply());
            // The connection is still in step and serving.
            assertEquals("errno=0\n\n", client.send("get=1\n\n").reply());
        }
        assertEquals(before, device.applied().size(), "apply() must not be called");

        UapiException e = assertThrows(UapiException.class, () -> UapiCodec.parseSet(body + "\n\n"));
        assertEquals(errno, e.errno());
        assertTrue(e.getMessage().startsWith("line "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertFalse(e.getMessage().contains(HEX.substring(2, 20)), "no key in: " + e.getMessage());
    }
}
