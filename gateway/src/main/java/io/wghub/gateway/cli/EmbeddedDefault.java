package io.wghub.gateway.cli;

import io.wghub.gateway.control.ConfigException;
import io.wghub.gateway.control.ConfigParser;
import io.wghub.gateway.control.ConfigWriter;
import io.wghub.gateway.control.InterfaceAddress;
import io.wghub.gateway.control.InterfaceConfig;
import io.wghub.gateway.control.WgConfig;
import io.wghub.gateway.crypto.X25519;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

/**
 * The configuration `wghub up` runs without a file: interface wg0 on UDP port 51820 with the
 * addresses below and no peers, and a private key generated on first use. It lives as an
 * ordinary wg-quick file, {@code STATE_DIR/wg0.conf} (mode 0600), so the key is kept across
 * runs and peers are added by editing that file.
 */
final class EmbeddedDefault {
    static final String INTERFACE = "wg0";
    static final int PORT = 51820;
    /** Documented in README.md: the hub's inner addresses when no config is given. */
    static final String ADDRESSES = "10.100.0.1/24, fd00:100::1/64";

    private EmbeddedDefault() {
    }

    /**
     * The state directory: $WGHUB_STATE_DIR, else /var/lib/wghub for root, else
     * $XDG_STATE_HOME/wghub or ~/.local/state/wghub.
     */
    static Path stateDir() {
        String explicit = System.getenv("WGHUB_STATE_DIR");
        if (explicit != null && !explicit.isEmpty()) {
            return Path.of(explicit);
        }
        if ("root".equals(System.getProperty("user.name"))) {
            return Path.of("/var/lib/wghub");
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isEmpty() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("wghub");
    }

    /** The default file in {@code dir}, created with a fresh key if it does not exist yet. */
    static Path ensure(Path dir) throws IOException, ConfigException {
        Path file = dir.resolve(INTERFACE + ".conf");
        if (Files.exists(file)) {
            return file;
        }
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        byte[] key = new byte[32];
        X25519.generatePrivateKey(key);
        List<InterfaceAddress> addresses;
        try {
            addresses = ConfigParser.parse("[Interface]\nPrivateKey = AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nAddress = "
                    + ADDRESSES + "\n", "embedded default").iface().addresses();
        } catch (ConfigException e) {
            throw new AssertionError("the embedded default does not parse", e);
        }
        String text = "# wghub's default interface, made on first run of `wghub up` without a config file.\n"
                + "# Add peers with `wghub peer add NAME`, or as [Peer] sections followed by `wghub reload`.\n"
                + ConfigWriter.write(new WgConfig(new InterfaceConfig(key, PORT, addresses, null, null, 0), List.of(), List.of()));
        Arrays.fill(key, (byte) 0);
        // Written to a private temporary file and renamed: the key is never readable by others,
        // and a crash leaves no half-written file behind.
        Path temp = Files.createTempFile(dir, ".wg0.conf.", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            out.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        return file;
    }
}
