package io.wghub.gateway.noise;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Waiting helpers for the interop test: a UAPI socket appearing, a command's output changing. */
final class Sockets {
    private Sockets() {
    }

    /** Blocks until {@code file} exists (its directory is watched), failing after 20 s or if {@code owner} dies. */
    static void awaitFile(Path file, Process owner) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        try (WatchService watch = FileSystems.getDefault().newWatchService()) {
            file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(file)) {
                if (!owner.isAlive()) {
                    throw new AssertionError("process exited with " + owner.exitValue() + " before creating " + file);
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("timed out waiting for " + file);
                }
                var key = watch.poll(200, TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                }
            }
        }
    }

    /** Re-reads {@code probe} until it differs from {@code before}; fails after 10 s. */
    static void awaitChange(Supplier<String> probe, String before) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (probe.get().equals(before)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no change from: " + before);
            }
            Thread.onSpinWait();
        }
    }
}
