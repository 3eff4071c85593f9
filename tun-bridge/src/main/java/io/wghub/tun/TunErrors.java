package io.wghub.tun;

/** Turns the errno of a failed /dev/net/tun open or TUNSETIFF into one line that says how to fix it. */
final class TunErrors {

    static final String DEVICE = "/dev/net/tun";

    static final String NEEDS_NET_ADMIN = "needs CAP_NET_ADMIN: run as root, or grant it with "
            + "'setcap cap_net_admin+ep $(readlink -f $(which java))', "
            + "or in Kubernetes add NET_ADMIN to securityContext.capabilities";

    private TunErrors() {}

    /** The device node could not be opened. */
    static TunException open(int errno) {
        String what = "cannot open " + DEVICE + ": " + Errno.describe(errno);
        return switch (errno) {
            case Errno.ENOENT, Errno.ENODEV, Errno.ENXIO -> new TunException(what + "; load the tun module with "
                    + "'modprobe tun', or in a container pass the device, e.g. docker --device /dev/net/tun "
                    + "/ Kubernetes: mount /dev/net/tun", errno);
            // The node is normally mode 0666 and the capability is checked at TUNSETIFF; some images ship 0600.
            case Errno.EPERM, Errno.EACCES -> new TunException(what + "; " + DEVICE + " must be readable and "
                    + "writable by this user (it is normally mode 0666: 'chmod 0666 " + DEVICE + "'), and creating the "
                    + "interface " + NEEDS_NET_ADMIN, errno);
            case Errno.EMFILE, Errno.ENFILE -> new TunException(what + "; raise the open-file limit (ulimit -n)",
                    errno);
            default -> new TunException(what, errno);
        };
    }

    /** TUNSETIFF failed while creating the interface (exclusive) or attaching one more queue to it. */
    static TunException setIff(String name, boolean attach, int errno) {
        String what = (attach ? "attaching a queue to TUN interface " : "creating TUN interface ")
                + name + " (TUNSETIFF) failed: " + Errno.describe(errno);
        return switch (errno) {
            case Errno.EPERM, Errno.EACCES -> new TunException(what + "; " + NEEDS_NET_ADMIN, errno);
            case Errno.EBUSY, Errno.EEXIST -> new TunException(what + "; the name " + name
                    + " is taken by another interface: choose another name, or remove a stale one with 'ip link del "
                    + name + "'", errno);
            // Attaching: the name now belongs to a non-TUN or single-queue device, or the limit of queues is hit.
            case Errno.EINVAL -> new TunException(what + (attach
                    ? "; " + name + " is no longer a multi-queue TUN interface, or it already has the maximum of "
                            + "256 queues"
                    : "; the kernel rejected the name or the flags IFF_TUN|IFF_NO_PI|IFF_MULTI_QUEUE: check the name "
                            + "and that the kernel supports multi-queue TUN (Linux 3.8+)"), errno);
            case Errno.ENOMEM, Errno.ENOBUFS -> new TunException(what + "; the kernel is out of memory", errno);
            default -> new TunException(what, errno);
        };
    }
}
