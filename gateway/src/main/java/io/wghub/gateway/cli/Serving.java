package io.wghub.gateway.cli;

import io.wghub.gateway.control.ConfigException;
import io.wghub.gateway.control.ConfigParser;
import io.wghub.gateway.control.ConfigStore;
import io.wghub.gateway.control.WgConfig;
import io.wghub.gateway.control.uapi.UapiServer;
import io.wghub.gateway.server.Gateway;
import io.wghub.gateway.server.GatewayException;
import sun.misc.Signal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * Serves a started gateway until it stops: its UAPI socket for `wg`, a pid file for `wghub
 * reload`, SIGINT/SIGTERM to stop, SIGHUP to reload the configuration file it was started from.
 */
final class Serving {
    private static final Logger LOG = Logger.getLogger("io.wghub.gateway");

    private Serving() {
    }

    /** Where UAPI sockets live: /var/run/wireguard, as wg and wireguard-go expect (tests may move it). */
    static Path socketDirectory() {
        return Path.of(System.getProperty("wghub.uapi.dir", "/var/run/wireguard"));
    }

    /** Where `wghub up` leaves its pid and the path of the file it runs, for `wghub reload`. */
    static Path pidFile(String interfaceName) {
        return Path.of(System.getProperty("wghub.run.dir", "/var/run/wghub"), interfaceName + ".pid");
    }

    /**
     * @param configFile the file SIGHUP re-reads, or null when there is none (wg-quick mode)
     * @param announce   printed once everything serves
     * @return the exit status: 0 after a clean stop
     */
    static int serve(Gateway gateway, Path configFile, Runnable announce) {
        String name = gateway.interfaceName();
        UapiServer uapi;
        try {
            uapi = UapiServer.start(socketDirectory(), name, gateway.device());
        } catch (IOException e) {
            gateway.close();
            System.err.println("wghub: " + name + ": cannot open the UAPI socket: " + e.getMessage());
            return 1;
        }
        Runnable stop = () -> Thread.ofPlatform().name("wghub-stop").start(gateway::close);
        Signal.handle(new Signal("INT"), signal -> stop.run());
        Signal.handle(new Signal("TERM"), signal -> stop.run());
        if (configFile != null) {
            Signal.handle(new Signal("HUP"), signal -> Thread.ofPlatform().name("wghub-reload")
                    .start(() -> reload(gateway, configFile)));
        }
        // Written once SIGHUP is handled: `wghub reload` must never signal a process that SIGHUP would end.
        Path pid = pidFile(name);
        try {
            Files.createDirectories(pid.getParent());
            Files.writeString(pid, ProcessHandle.current().pid() + "\n"
                    + (configFile == null ? "" : configFile.toAbsolutePath().normalize() + "\n"));
        } catch (IOException e) {
            LOG.warning(name + ": cannot write " + pid + " (wghub reload needs it): " + e.getMessage());
        }
        announce.run();
        System.out.flush();
        gateway.closed().join();
        uapi.close();
        try {
            Files.deleteIfExists(pid);
        } catch (IOException e) {
            LOG.warning(name + ": cannot remove " + pid + ": " + e.getMessage());
        }
        return 0;
    }

    private static WgConfig readLocked(ConfigStore.Locked locked) throws ConfigException {
        locked.read();
        return locked.config();
    }

    /** Re-reads the file and applies what changed; a bad file changes nothing and is logged. */
    private static synchronized void reload(Gateway gateway, Path configFile) {
        String name = gateway.interfaceName();
        // Under the file's lock: `wghub peer add` writes the file and applies its peer while holding
        // it, so a reload never sees the running peer without the file that has it, or the reverse.
        // A file on a read-only mount (a Kubernetes Secret) has no lock and no other writer.
        ConfigStore.Locked locked = null;
        try {
            locked = ConfigStore.lock(configFile);
        } catch (ConfigException readOnly) {
            LOG.fine(name + ": reloading without the file lock: " + readOnly.getMessage());
        }
        try (ConfigStore.Locked held = locked) {
            gateway.reload(held != null ? readLocked(held) : ConfigParser.read(configFile));
        } catch (ConfigException e) {
            LOG.warning(name + ": reload refused, the running configuration is unchanged: " + e.getMessage());
        } catch (GatewayException e) {
            LOG.warning(name + ": reload failed, the running configuration is unchanged: " + configFile + ": " + e.getMessage());
        }
    }
}
