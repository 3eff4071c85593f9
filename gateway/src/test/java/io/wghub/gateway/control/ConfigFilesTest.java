package io.wghub.gateway.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading config files from disk, and the interface name their file name gives. */
class ConfigFilesTest {
    @TempDir
    Path dir;

    private static final String VALID = "[Interface]\nPrivateKey = {PRIV}\n[Peer]\nPublicKey = {PUB1}\n";

    private static void assertOneLine(String message) {
        assertFalse(message.contains("\n") || message.contains("\r"), message);
    }

    @Test
    void readsAFileAndNamesItInMessages() throws Exception {
        Path file = dir.resolve("wg0.conf");
        Files.writeString(file, TestKeys.fill(VALID));
        WgConfig c = ConfigParser.read(file);
        assertEquals(1, c.peers().size());
        // DNS in [Peer] is an error, which names the file by its path.
        Files.writeString(file, TestKeys.fill(VALID + "DNS = 1.1.1.1\n"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.read(file));
        assertTrue(e.getMessage().startsWith(file + ":5: DNS belongs in [Interface]"), e.getMessage());
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.read(file));
        assertEquals(file + ": cannot read: no such file; check the path (wg-quick keeps its files in"
                + " /etc/wireguard)", e.getMessage());
        assertEquals(0, e.line());
    }

    @Test
    void directory() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.read(dir));
        assertEquals(dir + ": is a directory; give the path of the .conf file, like /etc/wireguard/wg0.conf",
                e.getMessage());
    }

    @Test
    void notADirectoryOnTheWay() throws IOException {
        Path plain = dir.resolve("plain");
        Files.writeString(plain, "x");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.read(plain.resolve("wg0.conf")));
        assertTrue(e.getMessage().startsWith(plain.resolve("wg0.conf") + ": cannot read: "), e.getMessage());
        assertOneLine(e.getMessage());
    }

    @Test
    void permissionDenied() throws IOException {
        Path file = dir.resolve("wg0.conf");
        Files.writeString(file, TestKeys.fill(VALID));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        if (Files.isReadable(file)) {
            System.out.println("SKIPPED ConfigFilesTest real permission-denied read: running as root, mode 000"
                    + " does not stop reading (the message itself is tested separately)");
        }
        assumeTrue(!Files.isReadable(file), "running as root: mode 000 does not stop reading");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.read(file));
        assertTrue(e.getMessage().startsWith(file + ": cannot read: permission denied; "), e.getMessage());
    }

    @Test
    void describesOsErrorsInOneLine() {
        assertEquals("cannot read: permission denied; run as a user that may read it (it holds a private key,"
                + " so it should be readable by its owner only: chmod 600)",
                ConfigFiles.describe(new AccessDeniedException("/etc/wireguard/wg0.conf")));
        assertEquals("cannot read: Input/output error\\u000asecond line; check the path and the file",
                ConfigFiles.describe(new FileSystemException("/x", null, "Input/output error\nsecond line")));
        assertEquals("cannot read: boom; check the path and the file", ConfigFiles.describe(new IOException("boom")));
    }

    @Test
    void fileLargerThanTheLimitIsRefusedUnread() throws IOException {
        Path file = dir.resolve("huge.conf");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(ConfigParser.MAX_FILE_BYTES + 1L); // sparse: costs no disk
        }
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.read(file));
        assertEquals(file + ": is larger than 64 MiB, far more than any WireGuard configuration; check that"
                + " this is the right file", e.getMessage());
    }

    @Test
    void endlessStreamIsCutAtTheLimit() {
        Path zero = Path.of("/dev/zero");
        if (!Files.exists(zero)) {
            System.out.println("SKIPPED ConfigFilesTest /dev/zero read: no /dev/zero on this machine");
        }
        assumeTrue(Files.exists(zero), "no /dev/zero");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFiles.readBytes(zero, 4096));
        assertTrue(e.getMessage().startsWith("/dev/zero: is larger than"), e.getMessage());
    }

    @Test
    void invalidUtf8IsReportedWithItsLine() throws IOException {
        Path file = dir.resolve("wg0.conf");
        byte[] head = TestKeys.fill("[Interface]\nPrivateKey = {PRIV}\n# caf").getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[head.length + 2];
        System.arraycopy(head, 0, bytes, 0, head.length);
        bytes[head.length] = (byte) 0xe9; // Latin-1 'é', not UTF-8
        bytes[head.length + 1] = '\n';
        Files.write(file, bytes);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.read(file));
        assertEquals(file + ":3: the file is not valid UTF-8 (byte 0xe9); save it as UTF-8 text", e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void overlongUtf8IsRefused() throws IOException {
        Path file = dir.resolve("wg0.conf");
        Files.write(file, new byte[] {'[', (byte) 0xc0, (byte) 0xaf, ']'});
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.read(file));
        assertEquals(file + ":1: the file is not valid UTF-8 (byte 0xc0); save it as UTF-8 text", e.getMessage());
    }

    @Test
    void nulByteInAFile() throws IOException {
        Path file = dir.resolve("wg0.conf");
        Files.write(file, TestKeys.fill(VALID + "\0\n").getBytes(StandardCharsets.UTF_8));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.read(file));
        assertTrue(e.getMessage().startsWith(file + ":5: the file contains a NUL byte"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/etc/wireguard/wg0.conf, wg0",
        "wg-office.conf, wg-office",
        "relative/dir/a.conf, a",
        "x123456789abcde.conf, x123456789abcde",
        "wg+=_.1.conf, wg+=_.1",
        "a.conf.conf, a.conf",
    })
    void interfaceNameIsTheFileNameWithoutConf(String path, String name) throws ConfigException {
        assertEquals(name, ConfigParser.interfaceName(Path.of(path)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "wg0.cfg", "wg0", ".conf", "x123456789abcdef.conf", "..conf", "...conf", "wg 0.conf", "wg:0.conf",
        "wg\t0.conf", "wg\u007f.conf", "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9.conf", "/",
    })
    void interfaceNameLinuxRefuses(String path) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.interfaceName(Path.of(path)));
        String message = e.getMessage();
        assertOneLine(message);
        assertTrue(message.contains("; "), message);
        assertEquals(0, e.line());
    }

    @Test
    void interfaceNameMessages() {
        ConfigException tooLong = assertThrows(ConfigException.class,
                () -> ConfigParser.interfaceName(Path.of("/etc/wireguard/office-network-12.conf")));
        assertEquals("/etc/wireguard/office-network-12.conf: interface name \"office-network-12\" (the file name"
                + " without .conf) is 17 bytes long, more than Linux's 15; rename the file like wg0.conf",
                tooLong.getMessage());
        ConfigException suffix = assertThrows(ConfigException.class,
                () -> ConfigParser.interfaceName(Path.of("wg0.cfg")));
        assertEquals("wg0.cfg: the file name must end in .conf, as wg-quick requires, since the interface"
                + " takes its name from it; rename it like wg0.conf", suffix.getMessage());
    }
}
