package io.wghub.gateway.testing;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
