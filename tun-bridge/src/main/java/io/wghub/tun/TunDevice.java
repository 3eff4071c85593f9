package io.wghub.tun;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A multi-queue Linux TUN interface (IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE, optionally with a
 * virtio-net header and TCP segmentation offload) and its non-blocking queues.
 */
public final class TunDevice implements AutoCloseable {

    // The interface lives in the network namespace of the thread that created it (see NetNamespace).

    // From linux/if_tun.h: _IOW('T', 202, int) and _IOR('T', 210, unsigned int).
    static final long TUNSETIFF = 0x400454caL;
    static final long TUNGETIFF = 0x800454d2L;
    static final short IFF_TUN = 0x0001;
    static final short IFF_NO_PI = 0x1000;
    static final short IFF_MULTI_QUEUE = 0x0100;
    static final short IFF_TUN_EXCL = (short) 0x8000;
    static final short IFF_VNET_HDR = 0x4000;
    // _IOW('T', 208, unsigned int): the offloads the reader promises to complete (checksums, TSO).
    static final long TUNSETOFFLOAD = 0x400454d0L;
    static final int TUN_F_CSUM = 0x01;
    static final int TUN_F_TSO4 = 0x02;
    static final int TUN_F_TSO6 = 0x04;
    // From linux/sockios.h and the socket ABI: SIOCGIFMTU reads struct ifreq's ifr_mtu (an int at offset 16).
    private static final long SIOCGIFMTU = 0x8921L;
    private static final int AF_INET = 2;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;

    // struct ifreq: char ifr_name[16] then a 24-byte union whose first member here is short ifr_flags.
    private static final int IFREQ_SIZE = 40;
    private static final int IFNAMSIZ = 16;

    private final String name;
    private final int ifindex;
    private final String namespaceId;
    private final short flags;
    private final List<TunQueue> queues = new CopyOnWriteArrayList<>();
    private volatile boolean segmentationOffload;

    private TunDevice(String name, int ifindex, String namespaceId, short flags) {
        this.name = name;
        this.ifindex = ifindex;
        this.namespaceId = namespaceId;
        this.flags = flags;
    }

    /**
     * Creates interface {@code name} in the calling thread's network namespace with one queue; fails if any
     * interface of that name exists. The interface is down, without addresses, until configured (LinkConfig).
     */
    public static TunDevice create(String name) throws TunException {
        return create(name, (short) (IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE));
    }

    /**
     * Like {@link #create(String)}, but every packet read or written starts with a 10-byte
     * virtio_net_hdr (IFF_VNET_HDR), and the kernel is asked to leave checksums and TCP
     * segmentation to the reader (TUNSETOFFLOAD: CSUM, TSO4, TSO6), so one read can carry a
     * 64 KiB TCP super-packet. When the kernel refuses the offloads the header stays and
     * {@link #segmentationOffload()} is false: every read is then one ordinary packet.
     */
    public static TunDevice createWithOffloads(String name) throws TunException {
        TunDevice device = create(name, (short) (IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE | IFF_VNET_HDR));
        int fd = device.firstQueue().fd();
        device.segmentationOffload = LibC.ioctl(fd, TUNSETOFFLOAD, (long) (TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6)) == 0;
        return device;
    }

    private static TunDevice create(String name, short flags) throws TunException {
        InterfaceName.validate(name);
        String namespaceId = NetNamespace.currentId();
        // IFF_TUN_EXCL: without it TUNSETIFF would silently join an existing multi-queue TUN of the same name.
        int fd = openAndSetIff(name, (short) (flags | IFF_TUN_EXCL), false);
        try {
            String actual = kernelName(fd, name); // differs when the name was a template such as "wg%d"
            int ifindex = LibC.if_nametoindex(actual);
            if (ifindex == 0) {
                int errno = LibC.errno();
                throw new TunException("TUN interface " + actual + " was created but if_nametoindex failed: "
                        + Errno.describe(errno) + "; it was deleted at once from outside, retry", errno);
            }
            TunDevice device = new TunDevice(actual, ifindex, namespaceId, flags);
            device.queues.add(new TunQueue(device, fd));
            return device;
        } catch (TunException | RuntimeException e) {
            LibC.close(fd);
            throw e;
        }
    }

    public String name() {
        return name;
    }

    /** True when every packet on the queues starts with a virtio_net_hdr ({@link #createWithOffloads}). */
    public boolean vnetHeader() {
        return (flags & IFF_VNET_HDR) != 0;
    }

    /** True when reads may carry TCP super-packets and packets whose checksum is left to the reader. */
    public boolean segmentationOffload() {
        return segmentationOffload;
    }

    /** The interface index, fixed at creation (a re-created interface of the same name gets a new one). */
    public int ifindex() {
        return ifindex;
    }

    /** The network namespace the interface lives in, as {@link NetNamespace#currentId()} names it. */
    public String namespaceId() {
        return namespaceId;
    }

    /** The queues open now, the first being the one create() opened. */
    public List<TunQueue> queues() {
        return List.copyOf(queues);
    }

    /** The queue create() opened, or the oldest one still open. */
    public TunQueue firstQueue() throws TunException {
        List<TunQueue> open = queues();
        if (open.isEmpty()) {
            throw new TunException("TUN interface " + name + " has no open queue: it was closed");
        }
        return open.get(0);
    }

    /**
     * Attaches one more queue. Must run on a thread in the interface's namespace, because the kernel binds
     * /dev/net/tun to the opener's namespace; from another namespace it would create a new interface there.
     */
    public TunQueue openQueue() throws TunException {
        String here = NetNamespace.currentId();
        if (!here.equals(namespaceId)) {
            throw new TunException("openQueue for TUN " + name + " called from a thread in network namespace " + here
                    + " but the interface is in " + namespaceId + ": call it on a thread in that namespace "
                    + "(e.g. via NetNamespace.call)");
        }
        if (LibC.if_nametoindex(name) != ifindex) {
            throw gone("openQueue");
        }
        int fd = openAndSetIff(name, flags, true);
        // TUNSETIFF creates the interface if it vanished meanwhile; that one is not ours, and closing drops it.
        if (LibC.if_nametoindex(name) != ifindex) {
            LibC.close(fd);
            throw gone("openQueue");
        }
        TunQueue queue = new TunQueue(this, fd);
        queues.add(queue);
        return queue;
    }

    /**
     * The interface's MTU as the kernel has it now (someone may have changed it with `ip link set
     * mtu`, as wg-quick does). Must run on a thread in the interface's namespace.
     */
    public int mtu() throws TunException {
        int fd = LibC.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new TunException("cannot read the MTU of " + name + ": socket failed: " + Errno.describe(LibC.errno()),
                    LibC.errno());
        }
        try {
            ByteBuffer ifr = ByteBuffer.allocateDirect(IFREQ_SIZE).order(ByteOrder.nativeOrder());
            ifr.put(0, name.getBytes(StandardCharsets.US_ASCII));
            if (LibC.ioctl(fd, SIOCGIFMTU, ifr) != 0) {
                int errno = LibC.errno();
                throw new TunException("cannot read the MTU of " + name + ": " + Errno.describe(errno), errno);
            }
            return ifr.getInt(IFNAMSIZ);
        } finally {
            LibC.close(fd);
        }
    }

    /** Closes every queue; the kernel then deletes the interface along with its addresses and routes. */
    @Override
    public void close() {
        for (TunQueue q : queues) {
            q.close();
        }
    }

    void forget(TunQueue queue) {
        queues.remove(queue);
    }

    private InterfaceGoneException gone(String op) {
        return new InterfaceGoneException(op + " on TUN " + name + " (ifindex " + ifindex + ") failed: the interface "
                + "was deleted from outside; recreate it with TunDevice.create", Errno.ENODEV);
    }

    private static int openAndSetIff(String name, short flags, boolean attach) throws TunException {
        int fd = LibC.open(TunErrors.DEVICE, LibC.O_RDWR | LibC.O_NONBLOCK | LibC.O_CLOEXEC);
        if (fd < 0) {
            throw TunErrors.open(LibC.errno());
        }
        ByteBuffer ifr = ByteBuffer.allocateDirect(IFREQ_SIZE).order(ByteOrder.nativeOrder());
        ifr.put(0, name.getBytes(StandardCharsets.US_ASCII)); // validated: ASCII, at most 15 bytes, rest stays NUL
        ifr.putShort(IFNAMSIZ, flags);
        if (LibC.ioctl(fd, TUNSETIFF, ifr) != 0) {
            int errno = LibC.errno();
            LibC.close(fd);
            throw TunErrors.setIff(name, attach, errno);
        }
        return fd;
    }

    private static String kernelName(int fd, String requested) throws TunException {
        ByteBuffer ifr = ByteBuffer.allocateDirect(IFREQ_SIZE).order(ByteOrder.nativeOrder());
        if (LibC.ioctl(fd, TUNGETIFF, ifr) != 0) {
            int errno = LibC.errno();
            throw new TunException("TUNGETIFF on new TUN interface " + requested + " failed: " + Errno.describe(errno),
                    errno);
        }
        int len = 0;
        while (len < IFNAMSIZ && ifr.get(len) != 0) {
            len++;
        }
        byte[] bytes = new byte[len];
        ifr.get(0, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
