package io.wghub.gateway.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a config file from disk, turning every failure into a one-line ConfigException. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static WgConfig read(Path file) throws ConfigException {
        String source = file.toString();
        String text = ConfigText.decode(readBytes(file, ConfigText.MAX_BYTES), source);
        return ConfigParser.parse(text, source);
    }

    /** At most {@code max} bytes; a larger file is an error, found without reading all of it. */
    static byte[] readBytes(Path file, int max) throws ConfigException {
        String source = file.toString();
        if (Files.isDirectory(file)) {
            throw new ConfigException(source, "is a directory; give the path of the .conf file,"
                    + " like /etc/wireguard/wg0.conf");
        }
        try {
            // The size check is cheap for a regular file; the bounded read covers pipes and
            // devices, whose size is unknown.
            if (Files.isRegularFile(file) && Files.size(file) > max) {
                throw ConfigText.tooLarge(source);
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(max + 1);
            }
            if (bytes.length > max) {
                throw ConfigText.tooLarge(source);
            }
            return bytes;
        } catch (IOException e) {
            throw new ConfigException(source, describe(e), e);
        }
    }

    /** The OS's reason in words a user acts on; never more than one line. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "cannot read: no such file; check the path (wg-quick keeps its files in /etc/wireguard)";
        }
        if (e instanceof AccessDeniedException) {
            return "cannot read: permission denied; run as a user that may read it (it holds a private"
                    + " key, so it should be readable by its owner only: chmod 600)";
        }
        String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        return "cannot read: " + Quote.oneLine(reason) + "; check the path and the file";
    }
}
