package io.wghub.gateway.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** Warns, as wg does, when a secret key is about to be written to a file others can read. */
final class KeyOutput {
    private KeyOutput() {
    }

    static void warnIfWorldReadable() {
        Path stdout = Path.of("/proc/self/fd/1");
        try {
            if (Files.isRegularFile(stdout)) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(stdout);
                if (permissions.contains(PosixFilePermission.OTHERS_READ)
                        || permissions.contains(PosixFilePermission.OTHERS_WRITE)
                        || permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    System.err.println("Warning: writing to world accessible file.");
                }
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not Linux or no /proc: nothing to check against, and the key is still printed.
        }
    }
}
