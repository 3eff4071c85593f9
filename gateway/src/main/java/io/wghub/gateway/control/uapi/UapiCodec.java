package io.wghub.gateway.control.uapi;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The text of WireGuard's cross-platform userspace API (wireguard.com/xplatform), byte for byte as wireguard-go speaks it. */
public final class UapiCodec {
    /** Longest line accepted; a legitimate one is under 100 bytes (wireguard-go allows 64 KiB). */
    public static final int MAX_LINE_BYTES = 4096;
    /** Largest set=1 request accepted, blank line included: room for ~500,000 allowed IPs. */
    public static final long MAX_REQUEST_BYTES = 16L << 20;

    private UapiCodec() {
    }

    /**
     * Parses the body of a set=1 request: the key=value lines after the "set=1" line, each ended
     * by '\n', and the blank line that ends the request.
     *
     * @throws UapiException EINVAL for a bad key or value, EPROTO for a line without '=' or a body
     *                       without its blank line, ENOMEM beyond {@link #MAX_REQUEST_BYTES}; the
     *                       message is one line and never contains a private or preshared key
     */
    public static SetRequest parseSet(String body) throws UapiException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (RequestReader in = new RequestReader(Channels.newChannel(new ByteArrayInputStream(bytes)),
                MAX_LINE_BYTES)) {
            SetBodyReader.Outcome outcome = SetBodyReader.read(in);
            if (outcome.error() != null) {
                throw outcome.error();
            }
            if (in.readByte() >= 0) {
                throw UapiException.invalid("data after the blank line that ends the request");
            }
            return outcome.request();
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /**
     * The whole reply to get=1: the device's lines in wireguard-go's order, then "errno=0" and a
     * blank line. The array holds the private key in hex; overwrite it once sent.
     */
    public static byte[] formatGet(DeviceSnapshot snapshot) {
        return GetFormatter.format(snapshot);
    }

    /**
     * The status that ends a reply: "errno=0\n\n" for success, else the errno negated as
     * wireguard-go sends it ("errno=-22\n\n"), which is what wg expects after set=1.
     */
    public static byte[] status(int errno) {
        int code = errno == Integer.MIN_VALUE ? UapiException.EIO : Math.abs(errno);
        return ("errno=" + (code == 0 ? "0" : "-" + code) + "\n\n").getBytes(StandardCharsets.US_ASCII);
    }
}
