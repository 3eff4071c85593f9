package io.wghub.gateway.cli;

import io.wghub.gateway.server.Gateway;
import io.wghub.gateway.server.GatewayException;
import io.wghub.gateway.server.GatewayOptions;

import java.io.File;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * wireguard-go's invocation, `wghub [-f] INTERFACE`: creates an unconfigured interface and its
 * UAPI socket for `wg` and wg-quick to configure, and detaches into the background (unless -f or
 * WG_PROCESS_FOREGROUND=1) once both exist. Deleting the interface ends it.
 */
final class UserspaceCommand {
    /** How long the detaching parent waits for the child's socket: a cold JVM start plus the TUN. */
    private static final long DETACH_TIMEOUT_NANOS = 60_000_000_000L;

    private UserspaceCommand() {
    }

    static int run(String interfaceName, boolean foreground) {
        LogSetup.oneLine();
        if (!foreground && !"1".equals(System.getenv("WG_PROCESS_FOREGROUND"))) {
            return detach(interfaceName);
        }
        Gateway gateway;
        try {
            gateway = Gateway.start(null, interfaceName, GatewayOptions.defaults());
        } catch (GatewayException e) {
            System.err.println("wghub: " + e.getMessage());
            return 1;
        }
        return Serving.serve(gateway, null, () -> { });
    }

    /**
     * Starts this same program with -f in a new session, and returns once the interface's UAPI
     * socket exists (0) or the child has failed (its exit status).
     */
    private static int detach(String interfaceName) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid"); // its own session: a closing terminal's SIGHUP does not reach it
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.add("-f");
        command.add(interfaceName);
        // The caller's stdout and stderr must not stay open in the child, or whoever reads them
        // through a pipe (`out=$(wg-quick up wg0)`) waits until the interface is gone. As wireguard-go
        // does, the child keeps them only when LOG_LEVEL asks for logs; otherwise they go to a file.
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Path log = Serving.pidFile(interfaceName).resolveSibling(interfaceName + ".log");
        if (System.getenv("LOG_LEVEL") != null) {
            builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
        } else {
            try {
                Files.createDirectories(log.getParent());
                builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectErrorStream(true);
            } catch (IOException e) {
                builder.redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
            }
        }
        builder.environment().put("WG_PROCESS_FOREGROUND", "1");
        Path socket = Serving.socketDirectory().resolve(interfaceName + ".sock");
        try {
            // A socket left by a crashed run would look like success below at once.
            if (Files.exists(socket)) {
                try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                    System.err.println("wghub: " + interfaceName + " is already served by another process (" + socket
                            + "); stop that one first");
                    return 1;
                } catch (IOException stale) {
                    Files.deleteIfExists(socket);
                }
            }
            Process child = builder.start();
            long deadline = System.nanoTime() + DETACH_TIMEOUT_NANOS;
            // Polled: the socket appears in a directory that may not exist yet, and the child may die first.
            while (!Files.exists(socket)) {
                if (!child.isAlive()) {
                    return child.exitValue() == 0 ? 1 : child.exitValue();
                }
                if (System.nanoTime() - deadline > 0) {
                    System.err.println("wghub: " + interfaceName + " did not come up within 60 s; see " + log);
                    child.destroy();
                    return 1;
                }
                Thread.sleep(20);
            }
            return 0;
        } catch (IOException e) {
            System.err.println("wghub: cannot start the background process: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }
}
