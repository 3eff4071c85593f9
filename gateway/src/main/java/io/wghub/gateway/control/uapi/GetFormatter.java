package io.wghub.gateway.control.uapi;

import io.wghub.gateway.route.Prefix;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Writes a get=1 reply in wireguard-go's key order and number formats, ending with errno=0 and a blank line. */
final class GetFormatter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZERO_KEY = new byte[UapiValues.KEY_BYTES];

    private GetFormatter() {
    }

    static byte[] format(DeviceSnapshot device) {
        Output out = new Output(estimate(device));
        try {
            if (device.privateKey() != null && !UapiValues.isZero(device.privateKey())) {
                out.key("private_key", device.privateKey());
            }
            if (device.listenPort() != 0) {
                out.line("listen_port", Integer.toString(device.listenPort()));
            }
            if (device.fwmark() != 0) {
                out.line("fwmark", Integer.toUnsignedString(device.fwmark()));
            }
            for (PeerSnapshot peer : device.peers()) {
                peer(out, peer);
            }
            out.line("errno", "0");
            out.write('\n');
            return out.toByteArray();
        } finally {
            out.wipe();
        }
    }

    /** Enough room that the buffer holding the private key is rarely copied (and left unwiped) to grow. */
    private static int estimate(DeviceSnapshot device) {
        long bytes = 256;
        for (PeerSnapshot peer : device.peers()) {
            bytes += 512 + 64L * peer.allowedIps().size();
        }
        return (int) Math.min(bytes, 1 << 24);
    }

    private static void peer(Output out, PeerSnapshot peer) {
        out.key("public_key", peer.publicKey());
        out.key("preshared_key", peer.presharedKey() == null ? ZERO_KEY : peer.presharedKey());
        out.line("protocol_version", "1");
        if (peer.endpoint() != null) {
            out.line("endpoint", EndpointLiteral.format(peer.endpoint()));
        }
        long nanos = Math.max(0, peer.lastHandshakeEpochNanos());
        out.line("last_handshake_time_sec", Long.toString(nanos / NANOS_PER_SECOND));
        out.line("last_handshake_time_nsec", Long.toString(nanos % NANOS_PER_SECOND));
        out.line("tx_bytes", Long.toUnsignedString(peer.txBytes()));
        out.line("rx_bytes", Long.toUnsignedString(peer.rxBytes()));
        out.line("persistent_keepalive_interval", Integer.toString(peer.persistentKeepalive()));
        for (Prefix prefix : peer.allowedIps()) {
            out.line("allowed_ip", prefix.toString());
        }
    }

    /** A byte buffer whose contents (private keys among them) can be overwritten once sent. */
    private static final class Output extends ByteArrayOutputStream {
        Output(int size) {
            super(size);
        }

        void line(String key, String value) {
            ascii(key);
            write('=');
            ascii(value);
            write('\n');
        }

        void key(String name, byte[] key) {
            if (key.length != UapiValues.KEY_BYTES) {
                throw new IllegalArgumentException(name + " must be " + UapiValues.KEY_BYTES + " bytes, got "
                        + key.length);
            }
            ascii(name);
            write('=');
            for (byte b : key) {
                write(HEX[(b >> 4) & 0xf]);
                write(HEX[b & 0xf]);
            }
            write('\n');
        }

        private void ascii(String s) {
            for (int i = 0; i < s.length(); i++) {
                write(s.charAt(i));
            }
        }

        void wipe() {
            Arrays.fill(buf, (byte) 0);
            reset();
        }
    }
}
