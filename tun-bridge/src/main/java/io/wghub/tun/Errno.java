package io.wghub.tun;

/** Linux errno values tun-bridge reacts to, and their symbolic names and meanings for error lines. */
final class Errno {

    private Errno() {}

    // Values from asm-generic/errno-base.h and asm-generic/errno.h (x86_64 and arm64).
    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int ESRCH = 3;
    static final int EINTR = 4;
    static final int EIO = 5;
    static final int ENXIO = 6;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int ENOMEM = 12;
    static final int EACCES = 13;
    static final int EFAULT = 14;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int ENODEV = 19;
    static final int EINVAL = 22;
    static final int ENFILE = 23;
    static final int EMFILE = 24;
    static final int ERANGE = 34;
    static final int EBADFD = 77;
    static final int EMSGSIZE = 90;
    static final int EPROTONOSUPPORT = 93;
    static final int EOPNOTSUPP = 95;
    static final int EAFNOSUPPORT = 97;
    static final int EADDRNOTAVAIL = 99;
    static final int ENETDOWN = 100;
    static final int ENETUNREACH = 101;
    static final int ENOBUFS = 105;

    /** "ENODEV, No such device" style text; unknown codes still get their number. */
    static String describe(int errno) {
        String name = name(errno);
        return name == null ? "errno " + errno : name + " (" + meaning(errno) + ")";
    }

    static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case ESRCH -> "ESRCH";
            case EINTR -> "EINTR";
            case EIO -> "EIO";
            case ENXIO -> "ENXIO";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EFAULT -> "EFAULT";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case ENODEV -> "ENODEV";
            case EINVAL -> "EINVAL";
            case ENFILE -> "ENFILE";
            case EMFILE -> "EMFILE";
            case ERANGE -> "ERANGE";
            case EBADFD -> "EBADFD";
            case EMSGSIZE -> "EMSGSIZE";
            case EPROTONOSUPPORT -> "EPROTONOSUPPORT";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case EAFNOSUPPORT -> "EAFNOSUPPORT";
            case EADDRNOTAVAIL -> "EADDRNOTAVAIL";
            case ENETDOWN -> "ENETDOWN";
            case ENETUNREACH -> "ENETUNREACH";
            case ENOBUFS -> "ENOBUFS";
            default -> null;
        };
    }

    private static String meaning(int errno) {
        return switch (errno) {
            case EPERM -> "operation not permitted";
            case ENOENT -> "no such file or directory";
            case ESRCH -> "no such entry";
            case EINTR -> "interrupted";
            case EIO -> "I/O error";
            case ENXIO -> "no such device or address";
            case EBADF -> "bad file descriptor";
            case EAGAIN -> "try again";
            case ENOMEM -> "out of memory";
            case EACCES -> "permission denied";
            case EFAULT -> "bad address";
            case EBUSY -> "device or resource busy";
            case EEXIST -> "already exists";
            case ENODEV -> "no such device";
            case EINVAL -> "invalid argument";
            case ENFILE -> "too many open files in system";
            case EMFILE -> "too many open files";
            case ERANGE -> "out of range";
            case EBADFD -> "file descriptor in bad state";
            case EMSGSIZE -> "message too long";
            case EPROTONOSUPPORT -> "protocol not supported";
            case EOPNOTSUPP -> "operation not supported";
            case EAFNOSUPPORT -> "address family not supported";
            case EADDRNOTAVAIL -> "address not available";
            case ENETDOWN -> "network is down";
            case ENETUNREACH -> "network is unreachable";
            case ENOBUFS -> "no buffer space available";
            default -> "unknown";
        };
    }
}
