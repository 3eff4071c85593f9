package io.wghub.gateway.testing;

/** Closes a test's resources in the order given, all of them even when some fail. */
public final class Cleanup {
    private Cleanup() {
    }

    /**
     * Closes each resource in order (nulls skipped), going on past failures; then rethrows the first failure
     * (an Error as it is, anything else wrapped in an AssertionError) with the later ones suppressed in it.
     */
    public static void closeAll(AutoCloseable... resources) {
        Throwable failure = null;
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                } else {
                    failure.addSuppressed(t);
                }
            }
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure != null) {
            throw new AssertionError("cleanup failed", failure);
        }
    }
}
