package io.wghub.tun;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** A throwaway network namespace for one test ('ip netns add wghub-tun-RANDOM'), deleted on close. */
final class TestNetns implements AutoCloseable {

    private final String name;

    private TestNetns(String name) {
        this.name = name;
    }

    /** Creates a namespace, or skips the test with a printed reason when it cannot run here. */
    static TestNetns createOrSkip(String test) throws Exception {
        skipUnless(test, isRoot(), "needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) to create namespaces and TUN devices");
        skipUnless(test, Files.exists(Path.of("/dev/net/tun")), "/dev/net/tun is missing");
        skipUnless(test, run(List.of("ip", "-V")).exit == 0, "the 'ip' command (iproute2) is not installed");
        String name = "wghub-tun-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Result r = run(List.of("ip", "netns", "add", name));
        if (r.exit != 0) {
            throw new AssertionError("'ip netns add " + name + "' failed: " + r.err.strip());
        }
        return new TestNetns(name);
    }

    static void skipUnless(String test, boolean condition, String reason) {
        if (!condition) {
            System.out.println("SKIPPED " + test + ": " + reason);
        }
        assumeTrue(condition, reason);
    }

    String name() {
        return name;
    }

    /** Runs work on a thread inside this namespace (see NetNamespace.call). */
    <T> T call(Callable<T> work) throws Exception {
        return NetNamespace.call(name, work);
    }

    /** Runs 'ip -n NAME args...' and returns its stdout; fails the test if it exits non-zero. */
    String ip(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        Result r = run(cmd);
        if (r.exit != 0) {
            throw new AssertionError(String.join(" ", cmd) + " failed (exit " + r.exit + "): " + r.err.strip());
        }
        return r.out;
    }

    /**
     * Adds a non-TUN interface of this name: a dummy, or a bridge where the kernel lacks the dummy driver
     * (some minimal VM kernels do). Returns the type used.
     */
    String addOtherLink(String ifName) throws IOException {
        for (String type : List.of("dummy", "bridge")) {
            Result r = run(List.of("ip", "-n", name, "link", "add", ifName, "type", type));
            if (r.exit == 0) {
                return type;
            }
        }
        throw new AssertionError("cannot add a dummy or bridge link " + ifName + " in " + name);
    }

    @Override
    public void close() throws IOException {
        Result r = run(List.of("ip", "netns", "del", name));
        if (r.exit != 0) {
            throw new AssertionError("'ip netns del " + name + "' failed: " + r.err.strip());
        }
    }

    static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[2].equals("0"); // real, effective, saved, fs: check effective
            }
        }
        return false;
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(List<String> cmd) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).start();
        } catch (IOException e) {
            return new Result(127, "", e.getMessage());
        }
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "", "timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + String.join(" ", cmd), e);
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }
}
