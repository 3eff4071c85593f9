package io.wghub.tun;

/** A packet was longer than the read buffer: the kernel delivered only its start and dropped it; count a drop. */
public final class PacketTruncatedException extends TunException {

    private static final long serialVersionUID = 1L;

    public PacketTruncatedException(String message) {
        super(message, 0);
    }

    /** A counted drop, not a fault: the stack trace would be built and thrown away per packet. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
