package io.wghub.gateway.control.uapi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One client of the UAPI socket: answers its get=1 and set=1 requests in order until it hangs up or errs. */
final class UapiConnection implements Runnable {
    private static final Logger LOG = Logger.getLogger("io.wghub.gateway");

    private final SocketChannel channel;
    private final DeviceGate device;
    private final String interfaceName;

    UapiConnection(SocketChannel channel, DeviceGate device, String interfaceName) {
        this.channel = channel;
        this.device = device;
        this.interfaceName = interfaceName;
    }

    @Override
    public void run() {
        try (channel; RequestReader in = new RequestReader(channel, UapiCodec.MAX_LINE_BYTES)) {
            while (serveOne(in)) {
                // Next request on the same connection.
            }
        } catch (IOException e) {
            // The client hung up mid-reply, or the server is closing.
            LOG.log(Level.FINE, () -> interfaceName + ": UAPI: connection ended: " + e);
        }
    }

    /** Answers one request; false once the connection should be closed. */
    private boolean serveOne(RequestReader in) throws IOException {
        int length;
        try {
            length = in.readLine();
        } catch (UapiException tooLong) {
            LOG.fine(() -> interfaceName + ": UAPI: over-long operation line; closing the connection");
            return false;
        }
        if (length < 0) {
            return false;
        }
        int bytes = length;
        String operation = new String(in.line(), 0, length, StandardCharsets.ISO_8859_1);
        switch (operation) {
            case "get=1":
                return get(in);
            case "set=1":
                return set(in);
            default:
                // As wireguard-go: no reply. The line itself is not logged; it could be a key.
                LOG.fine(() -> interfaceName + ": UAPI: invalid operation line (" + bytes + " bytes); closing");
                return false;
        }
    }

    private boolean get(RequestReader in) throws IOException {
        int next = in.readByte();
        if (next < 0) {
            return false;
        }
        if (next != '\n') {
            LOG.info(() -> interfaceName + ": UAPI: get=1 not followed by a blank line; closing");
            send(UapiCodec.status(UapiException.EINVAL));
            return false;
        }
        byte[] reply;
        try {
            reply = device.get();
        } catch (UapiException e) {
            send(UapiCodec.status(e.errno()));
            return true;
        }
        try {
            send(reply);
        } finally {
            Arrays.fill(reply, (byte) 0);
        }
        return true;
    }

    private boolean set(RequestReader in) throws IOException {
        SetBodyReader.Outcome outcome = SetBodyReader.read(in);
        UapiException error = outcome.error();
        if (error == null) {
            try {
                device.apply(outcome.request());
            } catch (UapiException e) {
                error = e;
            }
        }
        if (error == null) {
            LOG.fine(() -> interfaceName + ": UAPI: set=1 applied");
            send(UapiCodec.status(0));
        } else {
            UapiException failure = error;
            LOG.info(() -> interfaceName + ": UAPI: set=1 refused (errno " + failure.errno() + "): "
                    + failure.getMessage());
            send(UapiCodec.status(failure.errno()));
        }
        return outcome.keepConnection();
    }

    private void send(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
