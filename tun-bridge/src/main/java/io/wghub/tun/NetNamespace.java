package io.wghub.tun;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/** Runs work on a fresh thread that joined a network namespace, so the TUNs and sockets it opens live there. */
public final class NetNamespace {

    // setns(2) moves only the calling thread, never the whole JVM; a fresh thread that dies afterwards keeps
    // pooled threads from silently staying in a test namespace.

    /** Where 'ip netns add NAME' bind-mounts the namespace. */
    public static final Path NETNS_DIR = Path.of("/var/run/netns");

    private NetNamespace() {}

    /**
     * Runs {@code work} on a new thread inside namespace {@code nsName} (a name under /var/run/netns, or an
     * absolute path such as /proc/PID/ns/net) and returns its result; its exception is rethrown unchanged.
     * File descriptors opened by the work stay in that namespace and may be used from any thread afterwards.
     */
    public static <T> T call(String nsName, Callable<T> work) throws Exception {
        Path path = pathOf(nsName);
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicReference<Error> error = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                enter(path);
                result.set(work.call());
            } catch (Exception e) {
                failure.set(e);
            } catch (Error e) {
                error.set(e);
            }
        }, "netns-" + path.getFileName());
        thread.setDaemon(true);
        thread.start();
        // The worker owns namespace-bound state only for its own lifetime, so wait for it even if interrupted.
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (error.get() != null) {
            throw error.get();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    /** The calling thread's network namespace as the kernel names it, e.g. "net:[4026531840]". */
    public static String currentId() throws TunException {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            throw new TunException("cannot read /proc/thread-self/ns/net to identify this thread's network namespace: "
                    + e.getMessage() + "; mount /proc (Linux 3.17+ required)");
        }
    }

    private static Path pathOf(String nsName) throws TunException {
        if (nsName == null || nsName.isEmpty()) {
            throw new TunException("network namespace name is empty: pass a name from 'ip netns list'");
        }
        if (nsName.startsWith("/")) {
            return Path.of(nsName);
        }
        if (nsName.contains("/") || nsName.equals(".") || nsName.equals("..")) {
            throw new TunException("network namespace name \"" + nsName + "\" is not a plain name: pass a name from "
                    + "'ip netns list' or an absolute path such as /proc/PID/ns/net");
        }
        return NETNS_DIR.resolve(nsName);
    }

    private static void enter(Path path) throws TunException {
        int fd = LibC.open(path.toString(), LibC.O_CLOEXEC);
        if (fd < 0) {
            int errno = LibC.errno();
            throw new TunException("cannot open network namespace " + path + ": " + Errno.describe(errno)
                    + (errno == Errno.ENOENT ? "; create it with 'ip netns add " + path.getFileName() + "'" : ""),
                    errno);
        }
        try {
            if (LibC.setns(fd, LibC.CLONE_NEWNET) != 0) {
                int errno = LibC.errno();
                throw new TunException("setns into network namespace " + path + " failed: " + Errno.describe(errno)
                        + (errno == Errno.EPERM ? "; joining a namespace needs CAP_SYS_ADMIN: run as root" : "")
                        + (errno == Errno.EINVAL ? "; " + path + " is not a network namespace" : ""), errno);
            }
        } finally {
            LibC.close(fd);
        }
    }
}
