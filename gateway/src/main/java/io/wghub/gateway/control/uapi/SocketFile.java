package io.wghub.gateway.control.uapi;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/** The socket file DIR/NAME.sock: made mode 0600 before anyone can reach it, a stale one cleared, removed on close. */
final class SocketFile {
    /** sun_path holds 108 bytes including the terminating NUL. */
    private static final int MAX_PATH_BYTES = 107;
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    /** A listening socket and the file it answers on; {@code fileKey} tells whether the file is still ours. */
    record Bound(ServerSocketChannel channel, Path path, Object fileKey) {
    }

    private SocketFile() {
    }

    /**
     * Creates {@code dir} (mode 0755) if missing, clears a stale {@code NAME.sock}, and listens on
     * it. The socket is bound in a private 0700 directory, set to 0600, and only then linked to its
     * public name, so there is no moment in which other users could connect.
     *
     * @throws IOException if another process answers on the socket, the path is taken by something
     *                     that is not a socket, or the file system refuses
     */
    static Bound bind(Path dir, String interfaceName) throws IOException {
        Path target = dir.resolve(interfaceName + ".sock");
        int pathBytes = target.toString().getBytes(StandardCharsets.UTF_8).length;
        if (pathBytes > MAX_PATH_BYTES) {
            throw new IOException("socket path " + target + " is " + pathBytes + " bytes, more than the "
                    + MAX_PATH_BYTES + " a unix socket address holds; use a shorter directory or name");
        }
        createDirectory(dir);
        clearStale(target, interfaceName);
        Path privateDir = Files.createTempDirectory(dir, "." + interfaceName + ".",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path temporary = privateDir.resolve("s");
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(temporary));
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            try {
                Files.createLink(target, temporary);
            } catch (FileAlreadyExistsException e) {
                throw new IOException("interface " + interfaceName + " is already served by another process ("
                        + target + " appeared while starting)");
            }
            Object key = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return new Bound(channel, target, key);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        } finally {
            Files.deleteIfExists(temporary);
            Files.deleteIfExists(privateDir);
        }
    }

    private static void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot create the socket directory " + dir + ": something that is not a"
                    + " directory is in the way");
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** Removes {@code target} if it is a socket no process answers on (as wg itself does). */
    private static void clearStale(Path target, String interfaceName) throws IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(target, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if ((mode & S_IFMT) != S_IFSOCK) {
            throw new IOException(target + " exists and is not a socket; remove it if it is not needed");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(target))) {
            throw new IOException("interface " + interfaceName + " is already served by another process ("
                    + target + " answers)");
        } catch (ConnectException refused) {
            // Nobody listens: left behind by a process that died.
            Files.deleteIfExists(target);
        }
    }

    /** Deletes the socket file unless it has been replaced by another process's since it was bound. */
    static void delete(Bound bound) {
        try {
            Object key = Files.readAttributes(bound.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            if (Objects.equals(key, bound.fileKey())) {
                Files.deleteIfExists(bound.path());
            }
        } catch (IOException e) {
            // Already gone, or no longer ours to delete.
        }
    }
}
