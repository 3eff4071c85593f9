package io.wghub.gateway.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Changes a config file safely: under an exclusive lock, re-read inside it, replaced atomically (temp, fsync, rename). */
public final class ConfigStore {
    /** How long a command waits for another one holding the lock before it gives up. */
    static final long LOCK_TIMEOUT_MILLIS = 60_000;
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    /** A JVM cannot hold two locks on one file; threads of one JVM queue here before they lock it. */
    private static final Map<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

    /** Turns the current text into the new text; may refuse with a one-line reason. */
    @FunctionalInterface
    public interface Edit {
        String apply(String text, WgConfig config) throws ConfigException;
    }

    private ConfigStore() {
    }

    /**
     * Locks {@code file}, reads it, applies {@code edit} and writes the result, which must parse.
     *
     * @return the configuration as written
     */
    public static WgConfig update(Path file, Edit edit) throws ConfigException {
        try (Locked locked = lock(file)) {
            String text = locked.read();
            return locked.write(edit.apply(text, locked.config()));
        }
    }

    /**
     * Takes the exclusive lock on {@code file} (through the sibling FILE.lock, made 0600), waiting
     * up to a minute for other commands and processes; the file itself need not exist yet.
     */
    public static Locked lock(Path file) throws ConfigException {
        Path target = resolve(Objects.requireNonNull(file, "file"));
        Path lockFile = target.resolveSibling(target.getFileName() + ".lock");
        Semaphore local = IN_PROCESS.computeIfAbsent(lockFile, p -> new Semaphore(1, true));
        long started = System.nanoTime();
        try {
            if (!local.tryAcquire(LOCK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw busy(file, lockFile);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigException(file.toString(), "interrupted while waiting for the lock " + lockFile);
        }
        FileChannel channel = null;
        try {
            channel = openLockFile(file, lockFile);
            long left = LOCK_TIMEOUT_MILLIS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            return new Locked(file, target, channel, lockWithin(channel, Math.max(left, 1), file, lockFile), local);
        } catch (IOException e) {
            release(channel, local);
            throw new ConfigException(file.toString(), "cannot lock " + lockFile + ": " + reason(e), e);
        } catch (ConfigException | RuntimeException e) {
            release(channel, local);
            throw e;
        }
    }

    /**
     * A blocking lock, so that the kernel queues the waiting processes; a watchdog closes the
     * channel if it takes longer than {@code millis}, which ends the wait.
     */
    private static FileLock lockWithin(FileChannel channel, long millis, Path file, Path lockFile)
            throws IOException, ConfigException {
        // 0: waiting, 1: locked, 2: timed out (the watchdog closed the channel).
        AtomicInteger state = new AtomicInteger();
        Thread watchdog = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                return;
            }
            if (state.compareAndSet(0, 2)) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // The waiting thread sees the close either way.
                }
            }
        });
        try {
            FileLock lock = channel.lock();
            if (state.compareAndSet(0, 1)) {
                return lock;
            }
            throw busy(file, lockFile);
        } catch (ClosedChannelException e) {
            if (state.get() == 2) {
                throw busy(file, lockFile);
            }
            throw e;
        } finally {
            watchdog.interrupt();
        }
    }

    /** The file the name stands for: a symbolic link is followed, so that the link itself stays. */
    private static Path resolve(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    private static FileChannel openLockFile(Path file, Path lockFile) throws IOException, ConfigException {
        Path dir = lockFile.getParent();
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(file.toString(), "the directory " + dir + " does not exist; check the"
                    + " path, or create the directory first");
        }
        try {
            return FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), OWNER_ONLY);
        } catch (UnsupportedOperationException e) {
            return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
    }

    /** The OS's reason and what to do, in one line. */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied; run as the file's owner or as root";
        }
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return Quote.oneLine(reason) + "; check the directory (free space, permissions)";
    }

    private static ConfigException busy(Path file, Path lockFile) {
        return new ConfigException(file.toString(), "still locked by another command after "
                + LOCK_TIMEOUT_MILLIS / 1000 + " s (lock file " + lockFile + "); wait for it to finish,"
                + " or look for a hung wghub process");
    }

    private static void release(FileChannel channel, Semaphore local) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException ignored) {
            // Closing a lock file cannot lose data; the lock goes with the channel.
        } finally {
            local.release();
        }
    }

    /** A held lock on one config file; {@link #close()} releases it. */
    public static final class Locked implements AutoCloseable {
        private final Path file;
        private final Path target;
        private final FileChannel channel;
        private final FileLock lock;
        private final Semaphore local;
        private WgConfig config;
        private boolean closed;

        private Locked(Path file, Path target, FileChannel channel, FileLock lock, Semaphore local) {
            this.file = file;
            this.target = target;
            this.channel = channel;
            this.lock = lock;
            this.local = local;
        }

        /** Whether the file exists (it may be created by the first {@link #write}). */
        public boolean exists() {
            return Files.exists(target);
        }

        /** The file's text as it is now, which must parse; {@link #config()} then holds it parsed. */
        public String read() throws ConfigException {
            String source = file.toString();
            String text = ConfigText.decode(ConfigFiles.readBytes(file, ConfigText.MAX_BYTES), source);
            config = ConfigParser.parse(text, source);
            return text;
        }

        /** The configuration last read or written, or null before either. */
        public WgConfig config() {
            return config;
        }

        /**
         * Replaces the file with {@code text} if it parses: a temporary file (0600) in the same
         * directory, fsync, atomic rename over the file, fsync of the directory. A crash leaves
         * the old file or the new one.
         *
         * @return the text parsed
         * @throws ConfigException if the text does not parse (nothing is written) or writing fails
         */
        public WgConfig write(String text) throws ConfigException {
            if (closed) {
                throw new IllegalStateException("the lock has been released");
            }
            WgConfig parsed;
            try {
                parsed = ConfigParser.parse(text, file.toString());
            } catch (ConfigException e) {
                throw new ConfigException(file.toString(), "not changed, as the changed text would not parse: "
                        + e.getMessage());
            }
            Path dir = target.getParent();
            Path temp = null;
            try {
                temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", OWNER_ONLY);
                try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                    out.force(true);
                }
                keepOwner(temp);
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                temp = null;
                try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                    d.force(true);
                }
            } catch (IOException e) {
                throw new ConfigException(file.toString(), "cannot write (the file is unchanged): "
                        + reason(e), e);
            } finally {
                if (temp != null) {
                    try {
                        Files.deleteIfExists(temp);
                    } catch (IOException ignored) {
                        // A leftover ".NAME.*.tmp" is harmless and shows what happened.
                    }
                }
            }
            config = parsed;
            return parsed;
        }

        /** Gives the new file the old one's owner and group (root editing a user's file), if it can. */
        private void keepOwner(Path temp) {
            try {
                PosixFileAttributes old = Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                PosixFileAttributeView view = Files.getFileAttributeView(temp, PosixFileAttributeView.class);
                if (!old.owner().equals(view.getOwner())) {
                    view.setOwner(old.owner());
                }
                if (!old.group().equals(view.readAttributes().group())) {
                    view.setGroup(old.group());
                }
            } catch (IOException | UnsupportedOperationException | SecurityException ignored) {
                // A new file, or not allowed: the file stays the writer's, which is still 0600.
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                lock.release();
            } catch (IOException ignored) {
                // Closing the channel below releases it anyway.
            }
            release(channel, local);
        }
    }
}
