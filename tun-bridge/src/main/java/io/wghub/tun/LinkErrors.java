package io.wghub.tun;

/** Turns a failed rtnetlink link/address/route request into one line: what, on which interface, how to fix. */
final class LinkErrors {

    private LinkErrors() {}

    /** True for the errnos a delete gets when the object is already gone, which undo treats as success. */
    static boolean alreadyGone(int errno) {
        return errno == Errno.ESRCH || errno == Errno.ENOENT || errno == Errno.ENODEV
                || errno == Errno.EADDRNOTAVAIL;
    }

    /**
     * @param action what was attempted, e.g. "add route 10.78.0.0/16 dev wg0"
     * @param kernelMessage the kernel's extended-ack text, or null
     * @param existsHint how to resolve EEXIST for this kind of object
     */
    static TunException failure(String action, String ifName, int errno, String kernelMessage, String existsHint) {
        StringBuilder line = new StringBuilder(action).append(" failed: ").append(Errno.describe(errno));
        if (kernelMessage != null && !kernelMessage.isBlank()) {
            line.append(", kernel says \"").append(kernelMessage.strip()).append('"');
        }
        String hint = switch (errno) {
            case Errno.EPERM -> TunErrors.NEEDS_NET_ADMIN;
            // IPv6 answers EACCES when it is disabled on the link (sysctl, or an MTU below 1280).
            case Errno.EACCES -> TunErrors.NEEDS_NET_ADMIN + "; for an IPv6 address also check that IPv6 is enabled "
                    + "on " + ifName + " (sysctl net.ipv6.conf." + ifName + ".disable_ipv6=0) and its MTU is >= 1280";
            case Errno.EEXIST -> existsHint;
            case Errno.ENODEV -> "interface " + ifName + " does not exist (deleted from outside?): recreate it";
            case Errno.ENETDOWN -> "interface " + ifName + " is down: set it up before adding routes";
            case Errno.EAFNOSUPPORT -> "this address family is not available: IPv6 may be disabled on the host "
                    + "(ipv6.disable=1 boot option)";
            case Errno.EINVAL, Errno.ERANGE -> "the kernel rejected a value: check the prefix length and MTU "
                    + "(IPv4 needs MTU >= 68, IPv6 >= 1280, TUN allows at most 65535)";
            case Errno.ENOBUFS, Errno.ENOMEM -> "the kernel is out of memory";
            default -> null;
        };
        if (hint != null) {
            line.append("; ").append(hint);
        }
        return new TunException(line.toString(), errno);
    }
}
