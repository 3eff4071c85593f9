package io.wghub.tun;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/** Waits with poll(2) until one of a few file descriptors is readable (or in error), for tests and simple loops. */
public final class Poller {

    // linux/poll.h (asm-generic): struct pollfd { int fd; short events; short revents; }
    private static final short POLLIN = 0x1;
    private static final int POLLFD_SIZE = 8;

    private Poller() {}

    /**
     * Blocks until a descriptor is readable, in error or hung up (so a read reports what happened),
     * or the timeout passes.
     *
     * @return the index in {@code fds} of the first ready descriptor, or -1 on timeout
     */
    public static int awaitReadable(Duration timeout, int... fds) throws TunException {
        ByteBuffer pfds = ByteBuffer.allocateDirect(POLLFD_SIZE * fds.length).order(ByteOrder.nativeOrder());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (int i = 0; i < fds.length; i++) {
                pfds.putInt(i * POLLFD_SIZE, fds[i]).putShort(i * POLLFD_SIZE + 4, POLLIN)
                        .putShort(i * POLLFD_SIZE + 6, (short) 0);
            }
            long remainingMillis = Math.max(0, (deadline - System.nanoTime() + 999_999) / 1_000_000);
            int n = LibC.poll(pfds, fds.length, (int) Math.min(Integer.MAX_VALUE, remainingMillis));
            if (n > 0) {
                for (int i = 0; i < fds.length; i++) {
                    if (pfds.getShort(i * POLLFD_SIZE + 6) != 0) {
                        return i;
                    }
                }
            } else if (n == 0) {
                return -1;
            } else {
                int errno = LibC.errno();
                if (errno != Errno.EINTR) {
                    throw new TunException("poll(2) on file descriptors " + java.util.Arrays.toString(fds)
                            + " failed: " + Errno.describe(errno), errno);
                }
            }
        }
    }
}
