package io.wghub.gateway.server;

import io.wghub.gateway.testing.UapiSockets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The background `java ... Main -f IF` that wghub's detached form (as wg-quick runs it) starts: finding and stopping it. */
final class DetachedWghub {
    static final String MAIN_CLASS = "io.wghub.gateway.cli.Main";

    private DetachedWghub() {
    }

    /** The background wghub serving {@code ifname}, found by its command line. */
    static Optional<ProcessHandle> find(String ifname) {
        return ProcessHandle.allProcesses().filter(p -> {
            String[] args = arguments(p.pid());
            int n = args.length;
            return n >= 3 && args[n - 1].equals(ifname) && args[n - 2].equals("-f") && args[n - 3].equals(MAIN_CLASS);
        }).findFirst();
    }

    /**
     * The process's arguments from /proc/PID/cmdline: ProcessHandle.Info gives none once a command
     * line is as long as a test class path makes it.
     */
    private static String[] arguments(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8).split("\0");
        } catch (java.io.IOException | SecurityException gone) {
            return new String[0];
        }
    }

    /**
     * Test cleanup: stops {@code daemon} (or, if null, the one found for {@code ifname}) with SIGTERM, SIGKILL after
     * 10 s, and removes the UAPI socket and the background log of {@code ifname}. Nothing happens for a null {@code ifname}.
     */
    static void stop(ProcessHandle daemon, String ifname) throws Exception {
        if (ifname == null) {
            return;
        }
        if (daemon == null) {
            daemon = find(ifname).orElse(null);
        }
        if (daemon != null && daemon.isAlive()) {
            daemon.destroy();
            try {
                daemon.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                daemon.destroyForcibly();
                daemon.onExit().get(10, TimeUnit.SECONDS);
            }
        }
        Files.deleteIfExists(UapiSockets.path(ifname));
        // The detached process logs here (UserspaceCommand): the test's, so the test's to remove.
        Files.deleteIfExists(Path.of("/var/run/wghub", ifname + ".log"));
    }
}
