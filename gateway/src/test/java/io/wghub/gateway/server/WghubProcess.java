package io.wghub.gateway.server;

import io.wghub.gateway.testing.Lines;
import io.wghub.gateway.testing.Netns;
import io.wghub.gateway.testing.Processes;
import io.wghub.gateway.testing.UapiSockets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** `wghub up ...` as a process of its own inside a namespace, stdout and stderr collected; starting returns at its ready line. */
final class WghubProcess implements AutoCloseable {
    private static final String READY = "wghub: ready:";
    private static final Pattern INTERFACE = Pattern.compile("interface ([^,\\s]+),");
    /** Where a wghub without -Dwghub.run.dir writes its pid file. */
    private static final Path DEFAULT_RUN_DIR = Path.of("/var/run/wghub");

    private final Process process;
    private final Path runDir;
    private final Lines out;
    private final Lines err;
    private String ready;
    private String name;

    private WghubProcess(Process process, Path runDir) {
        this.process = process;
        this.runDir = runDir;
        this.out = new Lines(process.getInputStream(), "hub-out-" + process.pid());
        this.err = new Lines(process.getErrorStream(), "hub-err-" + process.pid());
    }

    /**
     * Starts `wghub ARGS` in {@code ns}, with {@code -Dwghub.run.dir=RUNDIR} unless {@code runDir} is null and with
     * {@code environment} added; returns once it printed its ready line, fails (killing it) if it does not in 60 s.
     */
    static WghubProcess start(Netns ns, Path runDir, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ns.exec()));
        command.addAll(commandLine(runDir, args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        WghubProcess hub = new WghubProcess(builder.start(), runDir);
        hub.ready = hub.out.await(READY, Duration.ofSeconds(60));
        if (hub.ready == null) {
            String stderr = hub.stderr();
            hub.close();
            fail("wghub " + String.join(" ", args) + " printed no ready line; stdout:\n" + hub.out.text() + "stderr:\n" + stderr);
        }
        Matcher interfaceName = INTERFACE.matcher(hub.ready);
        hub.name = interfaceName.find() ? interfaceName.group(1) : null;
        return hub;
    }

    /** Starts `wghub up CONFIG` (interface: CONFIG's name) in {@code ns} with pid files in {@code runDir}; returns once it is ready. */
    static WghubProcess up(Netns ns, Path config, Path runDir) throws IOException, InterruptedException {
        String fileName = config.getFileName().toString();
        String name = fileName.substring(0, fileName.length() - ".conf".length());
        WghubProcess hub = start(ns, runDir, Map.of(), "up", config.toString());
        assertTrue(hub.ready.contains("interface " + name + ","), hub.ready);
        return hub;
    }

    /** The wghub command line of {@link Processes#wghub}, with {@code -Dwghub.run.dir=RUNDIR} for the JVM unless it is null. */
    static List<String> commandLine(Path runDir, String... args) {
        List<String> command = new ArrayList<>(Processes.wghub(args));
        if (runDir != null) {
            command.add(1, "-Dwghub.run.dir=" + runDir);
        }
        return command;
    }

    /** The "wghub: ready: interface NAME, ..." line. */
    String readyLine() {
        return ready;
    }

    Process process() {
        return process;
    }

    long pid() {
        return process.pid();
    }

    /** The interface, as the ready line names it. */
    String name() {
        return name;
    }

    Path pidFile() {
        return (runDir != null ? runDir : DEFAULT_RUN_DIR).resolve(name + ".pid");
    }

    /** Runs another wghub command (e.g. reload) with the same run directory, from the root namespace. */
    Processes.Result command(String... args) {
        return Processes.run(commandLine(runDir, args).toArray(String[]::new));
    }

    String dump() {
        return Processes.check("wg", "show", name, "dump");
    }

    String dumpQuietly() {
        try {
            return dump();
        } catch (AssertionError | UncheckedIOException e) {
            return "(no dump: " + e.getMessage() + ")\n";
        }
    }

    /** Everything it logged so far. */
    String stderr() {
        return err.text();
    }

    long stderrCount(String text) {
        return err.count(text);
    }

    /** Waits for a stderr line containing {@code text} and returns it; fails with the log if none comes. */
    String awaitStderr(String text, Duration timeout) throws InterruptedException {
        String line = err.await(text, timeout);
        assertNotNull(line, () -> "no hub log line containing \"" + text + "\" within " + timeout + ":\n" + stderr());
        return line;
    }

    /** Waits for the exit (30 s at most, else fails saying {@code failure}), then for the end of stderr; returns the status. */
    int awaitExit(String failure) throws InterruptedException {
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), failure);
        err.awaitEnd(Duration.ofSeconds(5));
        return process.exitValue();
    }

    /** SIGTERM, then waits for the exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        return awaitExit("wghub up did not stop on SIGTERM");
    }

    /** Stops it if it still runs (SIGTERM, SIGKILL after 20 s) and then removes the socket and pid file a kill leaves. */
    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            if (name != null) {
                Files.deleteIfExists(UapiSockets.path(name));
                Files.deleteIfExists(pidFile());
            }
        }
    }
}
