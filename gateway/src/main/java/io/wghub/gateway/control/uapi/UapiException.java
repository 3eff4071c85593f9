package io.wghub.gateway.control.uapi;

/** A request the interface cannot apply: the errno for the {@code errno=} reply and a reason for the log. */
public final class UapiException extends Exception {
    /** Linux errno values the replies use. */
    public static final int EINVAL = 22;
    public static final int EIO = 5;
    public static final int EADDRINUSE = 98;
    public static final int ENOMEM = 12;
    /** What wireguard-go answers to a line without '=' and wghub to a request cut short. */
    public static final int EPROTO = 71;

    private final int errno;

    public UapiException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** A request that is malformed or asks for something impossible ({@link #EINVAL}). */
    public static UapiException invalid(String message) {
        return new UapiException(EINVAL, message);
    }
}
