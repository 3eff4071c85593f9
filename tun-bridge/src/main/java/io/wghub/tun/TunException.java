package io.wghub.tun;

import java.io.IOException;

/** A TUN, netlink or namespace operation failed; the message is one line: what, where, how to fix. */
public class TunException extends IOException {

    private static final long serialVersionUID = 1L;

    private final int errno;

    public TunException(String message) {
        this(message, 0);
    }

    public TunException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    /** The Linux errno behind the failure, or 0 when it was detected before any system call. */
    public int errno() {
        return errno;
    }
}
