package io.wghub.gateway.control.uapi;

/** A request the interface cannot apply: the errno for the {@code errno=} reply and a reason for the log. */
public final class UapiException extends Exception {
    /** Linux errno values the replies use. */
    public static final int EINVAL = 22;
    public static final int EIO = 5;
    public static final int EADDRINUSE = 98;
    public static final int ENOMEM = 12;

    private final int errno;

    public UapiException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
