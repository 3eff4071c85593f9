package io.wghub.gateway.cli;

/** One line per log record on stderr: time, level, message (and a stack trace only for bugs). */
final class LogSetup {
    private LogSetup() {
    }

    /** Call before the first logger is made. */
    static void oneLine() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tLZ %4$s %5$s%6$s%n");
        }
    }
}
