package io.wghub.tun;

/** The TUN interface behind a queue was deleted (e.g. 'ip link del'); the queue can only be closed now. */
public final class InterfaceGoneException extends TunException {

    private static final long serialVersionUID = 1L;

    public InterfaceGoneException(String message, int errno) {
        super(message, errno);
    }
}
