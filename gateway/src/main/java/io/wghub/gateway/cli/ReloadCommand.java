package io.wghub.gateway.cli;

import io.wghub.gateway.control.ConfigException;
import io.wghub.gateway.control.ConfigParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * `wghub reload [CONFIG]`: checks the file, then asks the running `wghub up` for it (SIGHUP) to
 * apply only what changed. A bad file is refused here with its line, and nothing is signalled.
 */
@Command(name = "reload", description = {
        "Re-read the configuration of a running `wghub up` and apply only what changed (as wg syncconf):",
        "unchanged peers keep their sessions. The same as sending it SIGHUP, after checking the file."})
final class ReloadCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "the file `wghub up` runs (default: the embedded default's)")
    Path config;

    @Option(names = "--interface", paramLabel = "NAME", description = "interface name (default: CONFIG's file name without .conf)")
    String interfaceName;

    @Override
    public Integer call() {
        Path requested = config != null ? config : EmbeddedDefault.stateDir().resolve(EmbeddedDefault.INTERFACE + ".conf");
        String name;
        try {
            name = interfaceName != null ? interfaceName : ConfigParser.interfaceName(requested);
        } catch (ConfigException e) {
            System.err.println("wghub: " + e.getMessage());
            return 1;
        }
        Path pidFile = Serving.pidFile(name);
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile);
        } catch (NoSuchFileException e) {
            System.err.println("wghub: " + name + " is not running (no " + pidFile + "); start it with: wghub up " + requested);
            return 1;
        } catch (IOException e) {
            System.err.println("wghub: cannot read " + pidFile + ": " + e.getMessage() + "; is " + name + " running?");
            return 1;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.isEmpty() ? "" : lines.get(0).trim());
        } catch (NumberFormatException e) {
            System.err.println("wghub: " + pidFile + " holds no pid; is " + name + " running? (remove the file if not)");
            return 1;
        }
        if (lines.size() < 2) {
            System.err.println("wghub: " + name + " runs without a configuration file (wg-quick mode); use wg syncconf instead");
            return 1;
        }
        Path served = Path.of(lines.get(1));
        if (config != null && !config.toAbsolutePath().normalize().equals(served)) {
            System.err.println("wghub: " + name + " runs " + served + ", not " + config
                    + "; edit that file and run: wghub reload " + served);
            return 1;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty() || !isWghub(process.get())) {
            System.err.println("wghub: " + name + " is not running (stale " + pidFile + "); start it with: wghub up " + served);
            return 1;
        }
        try {
            ConfigParser.read(served);
        } catch (ConfigException e) {
            System.err.println("wghub: " + e.getMessage() + " (nothing was reloaded)");
            return 1;
        }
        try {
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(pid)).inheritIO().start();
            if (kill.waitFor() != 0) {
                System.err.println("wghub: cannot signal process " + pid + " of " + name);
                return 1;
            }
        } catch (IOException e) {
            System.err.println("wghub: cannot signal process " + pid + " of " + name + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        System.out.println("wghub: " + name + ": reload of " + served + " requested (pid " + pid + "); it logs the outcome");
        return 0;
    }

    /** A pid from a stale file may belong to anything by now: only a JVM running wghub gets the signal. */
    private static boolean isWghub(ProcessHandle process) {
        // /proc directly: ProcessHandle.Info may report nothing for a long command line.
        String commandLine;
        try {
            commandLine = Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
        } catch (IOException e) {
            commandLine = process.info().commandLine().orElse("");
        }
        return commandLine.contains("wghub") || commandLine.contains(Main.class.getName());
    }
}
