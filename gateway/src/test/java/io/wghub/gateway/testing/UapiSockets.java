package io.wghub.gateway.testing;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** The UAPI socket directory, one for every namespace, and interface names whose socket is free in it. */
public final class UapiSockets {
    /** Where wg(8), wireguard-go and wghub put and look for {@code IF.sock}. */
    public static final Path DIR = Path.of("/var/run/wireguard");

    private UapiSockets() {
    }

    /** The UAPI socket of interface {@code ifname}. */
    public static Path path(String ifname) {
        return DIR.resolve(ifname + ".sock");
    }

    /** {@code prefix} plus five random digits, such that no UAPI socket of that name exists yet (the path is global). */
    public static String freeName(String prefix) {
        String name;
        do {
            name = prefix + ThreadLocalRandom.current().nextInt(10_000, 100_000);
        } while (Files.exists(path(name)));
        return name;
    }

    /**
     * The socket file appears at bind(), a moment before listen(): a connection in between is
     * refused. Nothing signals listen(), so this retries connecting, briefly, until it is accepted.
     */
    public static void awaitListening(Path socket, Process process) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                return;
            } catch (IOException refused) {
                if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                    throw new AssertionError("nothing ever accepted connections on " + socket);
                }
                Thread.onSpinWait();
            }
        }
    }
}
