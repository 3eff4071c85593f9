package io.wghub.gateway.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs iputils {@code ping} inside a {@link Netns} (IPv4 or IPv6 by the address) and reads its packet counts. */
public final class Ping {
    private static final Pattern COUNTS = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    private Ping() {
    }

    /** What a ping run sent and got back, and everything it printed; counts are 0 if it printed no statistics. */
    public record Result(int transmitted, int received, String output) {
        public int lost() {
            return transmitted - received;
        }

        /** Whether it sent at least one echo request and every one was answered. */
        public boolean allReceived() {
            return transmitted > 0 && received == transmitted;
        }

        static Result parse(String output) {
            Matcher matcher = COUNTS.matcher(output);
            if (!matcher.find()) {
                return new Result(0, 0, output);
            }
            return new Result(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)), output);
        }
    }

    /**
     * Runs {@code ping -n -c COUNT -i INTERVAL -W TIMEOUT ADDR} in {@code netns} to completion; TIMEOUT is how long
     * to wait for each reply (whole seconds, at least 1). A non-zero exit (lost packets) is not a failure here.
     */
    public static Result run(Netns netns, String address, int count, Duration interval, Duration timeout) {
        Processes.Result result = Processes.run(netns.exec("ping", "-n", "-c", Integer.toString(count),
                "-i", seconds(interval), "-W", Long.toString(Math.max(1, ceilSeconds(timeout))), address));
        return Result.parse(result.stdout() + result.stderr());
    }

    /** {@link #run(Netns, String, int, Duration, Duration)} with 0.1 s between requests and 2 s per reply. */
    public static Result run(Netns netns, String address, int count) {
        return run(netns, address, count, Duration.ofMillis(100), Duration.ofSeconds(2));
    }

    /**
     * Pings {@code address} from {@code netns} once per attempt ({@code -c 1 -W 1}) until a reply comes back;
     * fails with the last attempt's output after {@code timeout}. Returns the successful attempt.
     */
    public static Result awaitReachable(Netns netns, String address, Duration timeout) {
        return awaitReachable(netns, address, timeout, () -> "");
    }

    /** {@link #awaitReachable(Netns, String, Duration)}, adding {@code diagnostics} (e.g. peer logs) to a failure. */
    public static Result awaitReachable(Netns netns, String address, Duration timeout, Supplier<String> diagnostics) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int attempts = 0;
        while (true) {
            Result result = run(netns, address, 1, Duration.ofMillis(200), Duration.ofSeconds(1));
            attempts++;
            if (result.received() > 0) {
                return result;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(address + " not reachable from " + netns + " after " + attempts
                        + " attempts in " + timeout + "; last:\n" + result.output() + "\n" + diagnostics.get());
            }
        }
    }

    /**
     * Starts {@code ping -n -i INTERVAL ADDR} in {@code netns} in the background, running until {@link Running#stop()};
     * returns once ping itself runs (its header line is out).
     */
    public static Running start(Netns netns, String address, Duration interval) {
        return new Running(netns, address, interval);
    }

    /** A background ping; {@link #stop()} interrupts it as Ctrl-C would and returns its statistics. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final List<String> lines = new ArrayList<>();
        private final CompletableFuture<Void> started = new CompletableFuture<>();
        private final Thread reader;
        private Result result;

        private Running(Netns netns, String address, Duration interval) {
            try {
                process = new ProcessBuilder(netns.exec("ping", "-n", "-i", seconds(interval), address))
                        .redirectErrorStream(true).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            reader = Thread.ofVirtual().name("ping-" + address).start(this::read);
            try {
                // ping prints its header (line-buffered) only once running, i.e. after ip netns exec exec'd it.
                started.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException | ExecutionException | TimeoutException e) {
                process.destroyForcibly();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new AssertionError("background ping to " + address + " did not start: " + output(), e);
            }
            // ip netns exec execs the command in place, so the pid we signal is ping's own.
            String command = process.info().command().orElse("");
            if (!command.endsWith("/ping")) {
                process.destroyForcibly();
                throw new AssertionError("pid " + process.pid() + " runs " + command + ", not ping");
            }
        }

        private void read() {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                    if (line.startsWith("PING ")) {
                        started.complete(null);
                    }
                }
            } catch (IOException ignored) {
                // the process went away; what was read is kept
            } finally {
                started.completeExceptionally(new IllegalStateException("ping exited"));
            }
        }

        /** The pid of the ping process. */
        public long pid() {
            return process.pid();
        }

        /** What ping printed so far. */
        public String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }

        /** Sends SIGINT (ping then prints its statistics and exits), waits for it and returns the counts. */
        public Result stop() {
            if (result != null) {
                return result;
            }
            try {
                if (process.isAlive()) {
                    Processes.run("kill", "-INT", Long.toString(process.pid()));
                }
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
                reader.join(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            result = Result.parse(output());
            return result;
        }

        /** Stops the ping if {@link #stop()} was not called. */
        @Override
        public void close() {
            stop();
        }
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f", duration.toNanos() / 1e9);
    }

    private static long ceilSeconds(Duration duration) {
        return (duration.toMillis() + 999) / 1000;
    }
}
