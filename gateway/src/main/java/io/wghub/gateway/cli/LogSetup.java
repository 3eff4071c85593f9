package io.wghub.gateway.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/** One line per log record on stderr: time, level, message (and a stack trace only for bugs). */
final class LogSetup {
    private LogSetup() {
    }

    /** Netty's own start-up chatter (no MAC address, no loopback in a fresh namespace) is not ours to show. */
    private static final Logger NETTY = Logger.getLogger("io.netty");

    /** Call before the first logger is made. */
    static void oneLine() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL%1$tz %4$s %5$s%6$s%n");
        }
        NETTY.setLevel(Level.SEVERE);
    }
}
