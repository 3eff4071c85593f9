package io.wghub.gateway.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** ConfigStore: locked, re-read, atomically replaced, 0600, and never a torn or unparsable file. */
class ConfigStoreTest {
    private static final String BASE = "# keep this comment\n[Interface]\nPrivateKey = " + TestKeys.PRIV
            + "\nAddress = 10.0.0.1/24   # and this one\n";

    @TempDir
    Path dir;

    private Path file() throws IOException {
        Path file = dir.resolve("wg0.conf");
        Files.writeString(file, BASE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void updateWritesTheNewTextWithMode0600AndKeepsALockFile() throws Exception {
        Path file = file();
        String added = "\n[Peer]\n# Name = a\nPublicKey = " + TestKeys.PUB1 + "\nAllowedIPs = 10.0.0.2/32\n";
        WgConfig written = ConfigStore.update(file, (text, config) -> {
            assertEquals(BASE, text);
            assertEquals(0, config.peers().size());
            return text + added;
        });
        assertEquals(1, written.peers().size());
        assertEquals(BASE + added, Files.readString(file), "the old text is kept byte for byte");
        assertEquals("rw-------", mode(file));
        Path lock = dir.resolve("wg0.conf.lock");
        assertTrue(Files.exists(lock));
        assertEquals("rw-------", mode(lock));
        assertEquals(List.of("wg0.conf", "wg0.conf.lock"), names(), "no temporary file is left");
    }

    @Test
    void aResultThatDoesNotParseIsNotWritten() throws Exception {
        Path file = file();
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigStore.update(file, (text, config) -> text + "[Peer]\nAllowedIPs = 10.0.0.2/32\n"));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().contains("not changed"), e.getMessage());
        assertEquals(BASE, Files.readString(file));
        assertEquals(List.of("wg0.conf", "wg0.conf.lock"), names());
    }

    @Test
    void aSymbolicLinkStaysALinkAndItsTargetChanges() throws Exception {
        Path real = file();
        Path link = dir.resolve("link.conf");
        Files.createSymbolicLink(link, real.getFileName());
        ConfigStore.update(link, (text, config) -> text + "# more\n");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(BASE + "# more\n", Files.readString(real));
    }

    @Test
    void aMissingFileIsAOneLineError() {
        Path missing = dir.resolve("nope.conf");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigStore.update(missing, (t, c) -> t));
        assertTrue(e.getMessage().startsWith(missing + ": cannot read: no such file"), e.getMessage());
        ConfigException noDir = assertThrows(ConfigException.class,
                () -> ConfigStore.lock(dir.resolve("no/such/dir/wg0.conf")).close());
        assertTrue(noDir.getMessage().contains("does not exist"), noDir.getMessage());
    }

    /**
     * Threads append peers while readers read the file whole, over and over: no update is lost
     * and every read parses (the file is only ever replaced by rename).
     */
    @Test
    void concurrentUpdatesLoseNothingAndReadersAlwaysSeeAWholeFile() throws Exception {
        Path file = file();
        int writers = 8;
        int each = 15;
        AtomicBoolean done = new AtomicBoolean();
        AtomicInteger reads = new AtomicInteger();
        List<String> bad = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    while (!done.get()) {
                        try {
                            ConfigParser.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8), "read");
                            reads.incrementAndGet();
                        } catch (ConfigException | IOException e) {
                            bad.add(e.toString());
                        }
                    }
                }));
            }
            AtomicInteger next = new AtomicInteger(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        ConfigStore.update(file, (text, config) -> {
                            int n = next.getAndIncrement();
                            byte[] key = new byte[32];
                            key[0] = (byte) n;
                            key[1] = (byte) (n >> 8);
                            key[31] = 1;
                            return text + "\n[Peer]\n# Name = p" + n + "\nPublicKey = "
                                    + io.wghub.gateway.crypto.KeyEncoding.toBase64(key)
                                    + "\nAllowedIPs = 10.1." + (n >> 8) + "." + (n & 255) + "/32\n";
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            done.set(true);
            for (Future<?> f : readers) {
                f.get();
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
        assertEquals(List.of(), bad);
        assertTrue(reads.get() > 0);
        WgConfig result = ConfigParser.read(file);
        assertEquals(writers * each, result.peers().size());
        assertEquals(writers * each, result.peers().stream().map(PeerConfig::name).distinct().count());
        assertTrue(Files.readString(file).startsWith(BASE));
        assertEquals("rw-------", mode(file));
        assertEquals(List.of("wg0.conf", "wg0.conf.lock"), names());
    }

    @Test
    void theLockIsHeldUntilClosed() throws Exception {
        Path file = file();
        try (ConfigStore.Locked locked = ConfigStore.lock(file)) {
            assertTrue(locked.exists());
            locked.read();
            Future<?> other;
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                AtomicBoolean entered = new AtomicBoolean();
                other = pool.submit(() -> {
                    try (ConfigStore.Locked second = ConfigStore.lock(file)) {
                        entered.set(true);
                    }
                    return null;
                });
                Thread.sleep(300);
                assertFalse(entered.get(), "a second lock waits for the first");
                locked.write(locked.config() == null ? BASE : BASE + "# x\n");
            } finally {
                pool.shutdown();
            }
            locked.close();
            other.get();
        }
        assertEquals(BASE + "# x\n", Files.readString(file));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
