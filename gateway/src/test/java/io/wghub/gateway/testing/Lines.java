package io.wghub.gateway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Lines of output collected as they come (a child's stream read on a thread of its own, or added), which a test can wait for. */
public final class Lines {
    private final List<String> lines = new ArrayList<>();
    private boolean ended;

    /** Lines only {@link #add added}; they never end. */
    public Lines() {
    }

    /** Reads {@code stream} to its end on a daemon thread named {@code threadName} (so the writer never blocks on it). */
    public Lines(InputStream stream, String threadName) {
        Thread.ofPlatform().daemon().name(threadName).start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    add(line);
                }
            } catch (IOException ignored) {
                // the process went away; what was read is kept
            } finally {
                synchronized (lines) {
                    ended = true;
                    lines.notifyAll();
                }
            }
        });
    }

    /** Appends {@code line} and wakes those waiting. */
    public void add(String line) {
        synchronized (lines) {
            lines.add(line);
            lines.notifyAll();
        }
    }

    /** The first line containing {@code text}, waiting for it; null if the stream ends or the timeout passes without one. */
    public String await(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                for (String line : lines) {
                    if (line.contains(text)) {
                        return line;
                    }
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return null;
                }
                lines.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Waits until at least {@code n} lines match {@code pattern}; false after the timeout or the stream's end. */
    public boolean awaitCount(Pattern pattern, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                if (lines.stream().filter(l -> pattern.matcher(l).find()).count() >= n) {
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    return false;
                }
                lines.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    /** Waits for the end of the stream. */
    public void awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (!ended) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                lines.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    public long count(String text) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.contains(text)).count();
        }
    }

    public long count(Pattern pattern) {
        synchronized (lines) {
            return lines.stream().filter(l -> pattern.matcher(l).find()).count();
        }
    }

    /** The lines so far. */
    public List<String> list() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The lines so far, each ended by a newline. */
    public String text() {
        synchronized (lines) {
            return String.join("\n", lines) + "\n";
        }
    }
}
