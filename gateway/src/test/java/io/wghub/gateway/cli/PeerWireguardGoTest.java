package io.wghub.gateway.cli;

import io.wghub.gateway.control.ConfigParser;
import io.wghub.gateway.control.PeerConfig;
import io.wghub.gateway.control.UapiClient;
import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Requirements;
import io.wghub.gateway.testing.WireguardGoPeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** wghub peer add, list and remove applied to a real running interface: wireguard-go in a namespace. */
class PeerWireguardGoTest {
    @TempDir
    Path dir;

    @Test
    void addListRemoveReachTheRunningInterface() throws Exception {
        Requirements.require(PeerWireguardGoTest.class, "wireguard-go", "wg");
        System.clearProperty(UapiClient.DIR_PROPERTY);
        Path file = dir.resolve("hub.conf");
        Files.writeString(file, PeerCommandsTest.HUB);
        try (Netns netns = Netns.create("wgpa"); WireguardGoPeer wg = WireguardGoPeer.start(netns)) {
            String name = wg.ifname();
            String[] config = {"--config", file.toString(), "--interface", name};
            PeerCommandsTest.Run add = PeerCommandsTest.wghub(concat(new String[] {"peer", "add", "laptop"}, config));
            assertEquals(0, add.exit(), add.err());
            assertTrue(add.err().contains("and the running " + name), add.err());
            PeerConfig peer = ConfigParser.read(file).peers().get(0);
            String key = KeyEncoding.toBase64(peer.publicKey());
            assertEquals(key + "\t10.100.0.2/32 fd00:100::2/128\n", netns.check("wg", "show", name, "allowed-ips"));
            assertEquals(key + "\t" + KeyEncoding.toBase64(peer.presharedKey()) + "\n",
                    netns.check("wg", "show", name, "preshared-keys"));

            PeerCommandsTest.Run list = PeerCommandsTest.wghub(concat(new String[] {"peer", "list"}, config));
            assertEquals(0, list.exit(), list.err());
            assertEquals("laptop  " + key + "  10.100.0.2/32, fd00:100::2/128  -         never             0 B received, 0 B sent",
                    list.out().lines().toList().get(1));

            PeerCommandsTest.Run remove = PeerCommandsTest.wghub(concat(new String[] {"peer", "remove", "laptop"}, config));
            assertEquals(0, remove.exit(), remove.err());
            assertEquals("", netns.check("wg", "show", name, "peers"));
            assertEquals(PeerCommandsTest.HUB, Files.readString(file));
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
