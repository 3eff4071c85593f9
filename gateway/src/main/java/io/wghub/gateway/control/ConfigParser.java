package io.wghub.gateway.control;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads wg-quick(8) configuration files: the entry point of this package.
 *
 * <p>The format: sections [Interface] and [Peer]; "Key = Value" lines; section names and keys
 * in any case; '#' starts a comment; Address and AllowedIPs are comma-separated and add up over
 * several lines. Parsing stops at the first error, reported as one line "SOURCE:LINE: problem;
 * fix" that never repeats a key. wg-quick settings that wghub does not apply (DNS, Table, the
 * hooks, SaveConfig) are accepted with a warning each in {@link WgConfig#warnings()}.
 */
public final class ConfigParser {
    /** Larger files are refused before they are read whole. */
    public static final int MAX_FILE_BYTES = ConfigText.MAX_BYTES;

    private ConfigParser() {
    }

    /**
     * @param sourceName how messages name the text, normally its file name ("wg0.conf")
     * @throws ConfigException at the first problem
     */
    public static WgConfig parse(String text, String sourceName) throws ConfigException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(sourceName, "sourceName");
        return new ParseRun(sourceName).run(ConfigText.check(text, sourceName));
    }

    /**
     * Reads and parses a file, which must be UTF-8 and at most {@link #MAX_FILE_BYTES}; messages
     * name it by {@code file} as given.
     *
     * @throws ConfigException when it cannot be read (with the OS's reason) or at its first problem
     */
    public static WgConfig read(Path file) throws ConfigException {
        return ConfigFiles.read(Objects.requireNonNull(file, "file"));
    }

    /**
     * The interface a config file configures, as wg-quick names it: the file name without
     * ".conf" (/etc/wireguard/wg0.conf is wg0), which must be a valid Linux interface name.
     *
     * @throws ConfigException if the name does not end in .conf or Linux would refuse the rest
     */
    public static String interfaceName(Path file) throws ConfigException {
        return InterfaceName.of(Objects.requireNonNull(file, "file"));
    }
}
