package io.wghub.gateway.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs external commands (wg, wghub, ip) for tests and captures their output and exit status. */
public final class Processes {
    /** What a finished command printed and returned. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private Processes() {
    }

    /** Runs {@code command} with {@code stdin} as its input; fails the test after 60 s. */
    public static Result run(byte[] stdin, String... command) {
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<byte[]> out = drain(process.getInputStream());
            CompletableFuture<byte[]> err = drain(process.getErrorStream());
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static Result run(String... command) {
        return run(new byte[0], command);
    }

    /** Runs {@code command} and fails the test unless it exits 0; returns its stdout. */
    public static String check(String... command) {
        Result result = run(command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + ": " + result.stderr());
        }
        return result.stdout();
    }

    /** Runs {@code command} with {@code stdin} as its input and fails the test unless it exits 0; returns its stdout. */
    public static String check(byte[] stdin, String... command) {
        Result result = run(stdin, command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + result.exitCode() + ": " + result.stderr());
        }
        return result.stdout();
    }

    /**
     * Blocks until {@code file} exists, woken by a WatchService on its directory (created if missing);
     * fails if {@code owner} (may be null) exits first or after {@code timeout}.
     */
    public static void awaitFile(Path file, Process owner, Duration timeout) {
        try {
            Files.createDirectories(file.getParent());
            try (WatchService watch = FileSystems.getDefault().newWatchService()) {
                file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
                long deadline = System.nanoTime() + timeout.toNanos();
                while (!Files.exists(file)) {
                    if (owner != null && !owner.isAlive()) {
                        throw new AssertionError("process exited with " + owner.exitValue() + " before creating " + file);
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw new AssertionError("timed out after " + timeout + " waiting for " + file);
                    }
                    // The poll returns at once on a creation event; its bound only re-checks the owner's liveness.
                    WatchKey key = watch.poll(100, TimeUnit.MILLISECONDS);
                    if (key != null) {
                        key.pollEvents();
                        key.reset();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The command line that runs wghub's main class in a fresh JVM with this test's class path. */
    public static List<String> wghub(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("io.wghub.gateway.cli.Main");
        command.addAll(List.of(args));
        return command;
    }

    /** Whether {@code program} is an executable on PATH. */
    public static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Whether this JVM runs as root (uid 0), which TUN devices and namespaces need. */
    public static boolean isRoot() {
        try {
            return "0".equals(check("id", "-u").trim());
        } catch (AssertionError | UncheckedIOException e) {
            return false;
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (stream) {
                stream.transferTo(buffer);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return buffer.toByteArray();
        });
    }
}
