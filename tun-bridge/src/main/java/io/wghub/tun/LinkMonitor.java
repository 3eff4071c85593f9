package io.wghub.tun;

import java.nio.ByteBuffer;
import java.time.Duration;

/** Reports when one interface is deleted from outside, from rtnetlink link notifications (RTNLGRP_LINK). */
public final class LinkMonitor implements AutoCloseable {

    // Lets the gateway log and shut down cleanly when its interface vanishes, as wireguard-go does. The fd is
    // non-blocking so it can sit on an event loop: when readable, call processPending().

    private static final int RTM_DELLINK = 17;
    private static final int RTM_GETLINK = 18;
    private static final int RTMGRP_LINK = 1; // bit (RTNLGRP_LINK - 1) of sockaddr_nl.nl_groups
    private static final int IFI_INDEX_OFFSET = NetlinkMessage.HEADER_SIZE + 4; // ifinfomsg: u8, u8, u16, s32 index

    private final NetlinkSocket socket;
    private final String ifName;
    private final int ifindex;
    private int checkSeq;
    private volatile boolean deleted;

    private LinkMonitor(NetlinkSocket socket, String ifName, int ifindex) {
        this.socket = socket;
        this.ifName = ifName;
        this.ifindex = ifindex;
    }

    /** Watches the device; must run on a thread in the device's network namespace. */
    public static LinkMonitor open(TunDevice device) throws TunException {
        String here = NetNamespace.currentId();
        if (!here.equals(device.namespaceId())) {
            throw new TunException("LinkMonitor.open for " + device.name() + " called from a thread in network "
                    + "namespace " + here + " but the interface is in " + device.namespaceId()
                    + ": open it on a thread in that namespace (e.g. via NetNamespace.call)");
        }
        return open(device.name(), device.ifindex());
    }

    /** Watches the interface with this index in the calling thread's network namespace. */
    public static LinkMonitor open(String ifName, int ifindex) throws TunException {
        LinkMonitor monitor = new LinkMonitor(NetlinkSocket.open("watching " + ifName, RTMGRP_LINK, true),
                ifName, ifindex);
        try {
            // Subscribed first, then asked: a deletion before open() is still seen.
            monitor.askKernel();
            return monitor;
        } catch (TunException | RuntimeException e) {
            monitor.close();
            throw e;
        }
    }

    /** The netlink socket's fd (non-blocking), to register for readability on an event loop. */
    public int fd() {
        return socket.fd();
    }

    /** True once the deletion was seen; stays true. */
    public boolean isDeleted() {
        return deleted;
    }

    /** Reads every pending notification without blocking; returns whether the interface is deleted. */
    public synchronized boolean processPending() throws TunException {
        while (!deleted) {
            int n;
            try {
                n = socket.receive("watching " + ifName);
            } catch (TunException e) {
                if (e.errno() != Errno.ENOBUFS) {
                    throw e;
                }
                // Notifications were dropped, maybe the deletion among them: ask the kernel directly.
                askKernel();
                continue;
            }
            if (n == 0) {
                break;
            }
            ByteBuffer buf = socket.receiveBuffer();
            NetlinkSocket.forEach(buf, n, (b, off, len, type, flags, seq) -> {
                if (type == RTM_DELLINK && len >= IFI_INDEX_OFFSET + 4 && b.getInt(off + IFI_INDEX_OFFSET) == ifindex) {
                    deleted = true;
                } else if (type == NetlinkMessage.NLMSG_ERROR && seq == checkSeq
                        && NetlinkSocket.parseAck(b, off, len, flags).errno() == Errno.ENODEV) {
                    deleted = true;
                }
            });
        }
        return deleted;
    }

    /** Blocks until the interface is deleted or the timeout passes; returns whether it was deleted. */
    public boolean awaitDeleted(Duration timeout) throws TunException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!processPending()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || Poller.awaitReadable(Duration.ofNanos(left), fd()) < 0) {
                return processPending();
            }
        }
        return true;
    }

    @Override
    public void close() {
        socket.close();
    }

    /** Sends RTM_GETLINK for our index; the answer is RTM_NEWLINK if it exists or an ENODEV error if not. */
    private void askKernel() throws TunException {
        int seq = socket.nextSeq();
        // struct ifinfomsg: u8 family, u8 pad, u16 type, s32 index, u32 flags, u32 change
        NetlinkMessage m = new NetlinkMessage(RTM_GETLINK, NetlinkMessage.NLM_F_REQUEST)
                .u8(0).u8(0).u16(0).u32(ifindex).u32(0).u32(0);
        checkSeq = seq;
        socket.send(m.finish(seq), "checking that " + ifName + " exists");
    }
}
