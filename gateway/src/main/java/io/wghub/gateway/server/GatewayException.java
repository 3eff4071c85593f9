package io.wghub.gateway.server;

/** The gateway could not start; the message is one line saying what and how to fix it. */
public final class GatewayException extends Exception {
    public GatewayException(String message) {
        super(message);
    }

    public GatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
