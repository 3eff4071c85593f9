package io.wghub.gateway.server;

import io.wghub.gateway.DropReason;
import io.wghub.gateway.control.ConfigParser;
import io.wghub.gateway.control.WgConfig;
import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.crypto.X25519;
import io.wghub.gateway.testing.Lines;
import io.wghub.gateway.testing.Netns;
import io.wghub.tun.NetNamespace;

import java.time.Duration;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** A wghub gateway running in this test JVM inside a test namespace, with its log lines captured. */
final class RunningHub implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("io.wghub.gateway");

    private final Gateway gateway;
    private final Lines lines = new Lines();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private RunningHub(Netns netns, String config, String interfaceName, GatewayOptions options) throws Exception {
        LOG.addHandler(capture);
        try {
            WgConfig parsed = ConfigParser.parse(config, "hub.conf");
            gateway = NetNamespace.call(netns.name(), () -> Gateway.start(parsed, interfaceName, options));
        } catch (Exception e) {
            LOG.removeHandler(capture);
            throw e;
        }
    }

    static RunningHub start(Netns netns, String config, GatewayOptions options) throws Exception {
        return new RunningHub(netns, config, "wgh0", options);
    }

    /** A fresh private key, base64. */
    static String newPrivateKey() {
        byte[] key = new byte[32];
        X25519.generatePrivateKey(key);
        return KeyEncoding.toBase64(key);
    }

    static String publicKeyOf(String privateKeyBase64) {
        byte[] pub = new byte[32];
        X25519.publicKey(KeyEncoding.fromBase64(privateKeyBase64, "key"), pub);
        return KeyEncoding.toBase64(pub);
    }

    Gateway gateway() {
        return gateway;
    }

    String publicKey() {
        return KeyEncoding.toBase64(gateway.publicKey());
    }

    List<String> lines() {
        return lines.list();
    }

    /** Waits until a captured log line contains {@code text}; returns it. */
    String awaitLine(String text, Duration timeout) throws InterruptedException {
        String line = lines.await(text, timeout);
        if (line == null) {
            throw new AssertionError("no log line containing \"" + text + "\" within " + timeout + "; lines: " + lines());
        }
        return line;
    }

    /** How many packets the hub dropped for {@code reason}. */
    long drops(DropReason reason) {
        return gateway.plane().drops().get(reason);
    }

    /** The non-zero drop counters as "label=n label=n", for failure messages. */
    String dropSummary() {
        StringBuilder out = new StringBuilder();
        for (DropReason reason : DropReason.values()) {
            long n = drops(reason);
            if (n > 0) {
                out.append(out.isEmpty() ? "" : " ").append(reason.label()).append('=').append(n);
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            LOG.removeHandler(capture);
        }
    }
}
