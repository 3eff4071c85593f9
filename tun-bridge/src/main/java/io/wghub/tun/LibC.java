package io.wghub.tun;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.ByteBuffer;

/** The libc calls tun-bridge makes, bound with JNA direct mapping (no proxy, no per-call reflection). */
final class LibC {

    static {
        // Sizes below (size_t, ssize_t, nfds_t as long) assume LP64; 32-bit Linux is not supported.
        if (Native.LONG_SIZE != 8) {
            throw new UnsupportedOperationException("tun-bridge needs a 64-bit Linux JVM (found "
                    + Native.LONG_SIZE * 8 + "-bit native long): run wghub on a 64-bit JDK");
        }
        Native.register(LibC.class, NativeLibrary.getInstance("c"));
    }

    private LibC() {}

    // open(2) flags and friends, from asm-generic/fcntl.h (x86_64 and arm64 share these values).
    static final int O_RDWR = 0x2;
    static final int O_NONBLOCK = 0x800;
    static final int O_CLOEXEC = 0x80000;

    static final int CLONE_NEWNET = 0x40000000;

    // Packet I/O takes raw addresses: a ByteBuffer argument costs JNA ~150-200 ns more per call than a long
    // (measured on JDK 25), and a pointer travels in the same register as a 64-bit integer on LP64.
    static native long read(int fd, long address, long count);
    static native long write(int fd, long address, long count);

    // Elsewhere JNA passes a direct buffer's address at its current position, so callers fill these
    // buffers with absolute puts or leave the position where the kernel should start.
    static native int open(String path, int flags);
    static native int close(int fd);
    static native int ioctl(int fd, long request, ByteBuffer arg);
    /** For requests that take their argument by value (TUNSETOFFLOAD). */
    static native int ioctl(int fd, long request, long arg);
    static native int poll(ByteBuffer fds, long nfds, int timeoutMillis);
    static native int socket(int domain, int type, int protocol);
    static native int bind(int fd, ByteBuffer addr, int addrLen);
    static native int getsockname(int fd, ByteBuffer addr, ByteBuffer addrLen);
    static native int setsockopt(int fd, int level, int name, ByteBuffer value, int valueLen);
    static native long send(int fd, ByteBuffer buf, long len, int flags);
    static native long recv(int fd, ByteBuffer buf, long len, int flags);
    static native int setns(int fd, int nsType);
    static native int if_nametoindex(String name);

    /** errno of this thread's last failed call above (JNA saves it right after each native call). */
    static int errno() {
        return Native.getLastError();
    }
}
