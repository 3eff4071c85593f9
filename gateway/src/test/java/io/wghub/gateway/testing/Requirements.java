package io.wghub.gateway.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Skips a test unless it runs as root with the named programs on PATH, printing one "SKIPPED Class: reason" line. */
public final class Requirements {
    /** The classes whose SKIPPED line is out: one line per class, however many of its tests are skipped. */
    private static final Set<Class<?>> REPORTED = ConcurrentHashMap.newKeySet();

    private Requirements() {
    }

    /**
     * Returns if this JVM runs as root and every one of {@code tools} is on PATH; otherwise prints
     * "SKIPPED TEST: needs root, A, B and C (.ci/run installs them)" (the first time for {@code test}) and aborts the
     * test as an assumption.
     */
    public static void require(Class<?> test, String... tools) {
        boolean ready = Processes.isRoot();
        for (String tool : tools) {
            ready &= Processes.onPath(tool);
        }
        if (!ready) {
            String reason = reason(tools);
            if (REPORTED.add(test)) {
                System.out.println("SKIPPED " + test.getSimpleName() + ": " + reason + " (.ci/run installs them)");
            }
            assumeTrue(false, reason);
        }
    }

    /** "needs root", "needs root and A", "needs root, A and B", ... */
    private static String reason(String... tools) {
        List<String> all = new ArrayList<>(List.of("root"));
        all.addAll(List.of(tools));
        String last = all.removeLast();
        return "needs " + (all.isEmpty() ? last : String.join(", ", all) + " and " + last);
    }
}
