package io.wghub.gateway.cli;

import io.wghub.gateway.control.ConfigException;
import io.wghub.gateway.control.ConfigParser;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** The options every {@code wghub peer} command shares: which file, and which running interface. */
final class PeerOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "the hub's wg-quick file (default: wg0.conf in the state directory, the file 'wghub up' runs without arguments)")
    Path config;

    @Option(names = "--interface", paramLabel = "NAME",
            description = "the running interface (default: FILE's name without .conf)")
    String interfaceName;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    /** Whether no --config was given, so the embedded default's file is meant. */
    boolean isDefault() {
        return config == null;
    }

    Path file() {
        return config != null ? config : EmbeddedDefault.stateDir().resolve(EmbeddedDefault.INTERFACE + ".conf");
    }

    /**
     * Fails with the parser's one-line message ("no such file; check the path ...") when the file
     * is missing, before a lock file is made next to it.
     */
    void requireFile() throws ConfigException {
        if (!Files.exists(file())) {
            ConfigParser.read(file());
        }
    }

    /** --interface, else the file name without .conf; checked as Linux checks interface names. */
    String interfaceName() throws ConfigException {
        if (interfaceName == null) {
            try {
                return ConfigParser.interfaceName(file());
            } catch (ConfigException e) {
                throw new ConfigException(file().toString(), e.getMessage().substring(file().toString().length() + 2)
                        .replace("; rename", "; pass --interface NAME, or rename"));
            }
        }
        try {
            if (interfaceName.indexOf('/') >= 0) {
                throw new ConfigException("--interface", "contains '/', which Linux does not allow");
            }
            return ConfigParser.interfaceName(Path.of(interfaceName + ".conf"));
        } catch (ConfigException | java.nio.file.InvalidPathException e) {
            throw new ConfigException("--interface", "\"" + interfaceName + "\" is not a valid interface name;"
                    + " use up to 15 letters, digits, '-', '_' or '.', like wg0");
        }
    }
}
