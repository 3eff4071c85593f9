package io.wghub.tun;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/** Configures one interface over rtnetlink (MTU, up, addresses, routes) and undoes exactly what it added. */
public final class LinkConfig implements AutoCloseable {

    // The socket lives in the namespace of the thread that opened it; later calls may come from any thread.
    // Tracking what was added lets undo()/close() remove just that, as 'wg-quick down' does.

    /** rtm_protocol of wghub's routes ('w'); >= RTPROT_STATIC so the kernel leaves it alone; ip shows "proto 119". */
    public static final int ROUTE_PROTOCOL = 0x77;

    // linux/rtnetlink.h, if_link.h, if_addr.h, socket.h
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_NEWADDR = 20;
    private static final int RTM_DELADDR = 21;
    private static final int RTM_NEWROUTE = 24;
    private static final int RTM_DELROUTE = 25;
    private static final int AF_UNSPEC = 0;
    private static final int AF_INET = 2;
    private static final int AF_INET6 = 10;
    private static final int IFF_UP = 0x1;
    private static final int IFLA_MTU = 4;
    private static final int IFA_ADDRESS = 1;
    private static final int IFA_LOCAL = 2;
    private static final int IFA_F_NODAD = 0x02;
    private static final int RT_SCOPE_UNIVERSE = 0;
    private static final int RT_SCOPE_LINK = 253;
    private static final int RT_TABLE_MAIN = 254;
    private static final int RTN_UNICAST = 1;
    private static final int RTA_DST = 1;
    private static final int RTA_OIF = 4;

    private record Added(boolean route, InetAddress address, int prefixLength) {}

    private final NetlinkSocket socket;
    private final String ifName;
    private final int ifindex;
    private final List<Added> added = new ArrayList<>();

    private LinkConfig(NetlinkSocket socket, String ifName, int ifindex) {
        this.socket = socket;
        this.ifName = ifName;
        this.ifindex = ifindex;
    }

    /** Opens a configurator for the device; must run on a thread in the device's network namespace. */
    public static LinkConfig open(TunDevice device) throws TunException {
        String here = NetNamespace.currentId();
        if (!here.equals(device.namespaceId())) {
            throw new TunException("LinkConfig.open for " + device.name() + " called from a thread in network "
                    + "namespace " + here + " but the interface is in " + device.namespaceId()
                    + ": open it on a thread in that namespace (e.g. via NetNamespace.call)");
        }
        return open(device.name(), device.ifindex());
    }

    /** Opens a configurator for the interface with this index in the calling thread's network namespace. */
    public static LinkConfig open(String ifName, int ifindex) throws TunException {
        return new LinkConfig(NetlinkSocket.open("configuring " + ifName, 0, false), ifName, ifindex);
    }

    public synchronized void setMtu(int mtu) throws TunException {
        if (mtu <= 0) {
            throw new TunException("set MTU of " + ifName + " to " + mtu + ": the MTU must be positive, e.g. 1420");
        }
        NetlinkMessage m = linkMessage(RTM_NEWLINK, 0, 0).attrU32(IFLA_MTU, mtu);
        check(socket.request(m, "set MTU"), "set MTU " + mtu + " on " + ifName, null);
    }

    public synchronized void setUp() throws TunException {
        check(socket.request(linkMessage(RTM_NEWLINK, IFF_UP, IFF_UP), "set up"), "set link " + ifName + " up", null);
    }

    /** Adds address/prefixLength (IPv6 without duplicate address detection, so it is usable at once). */
    public synchronized void addAddress(InetAddress address, int prefixLength) throws TunException {
        String what = address.getHostAddress() + "/" + prefixLength;
        checkPrefix(address, prefixLength, "add address " + what + " to " + ifName);
        check(socket.request(addressMessage(RTM_NEWADDR, address, prefixLength), "add address"),
                "add address " + what + " to " + ifName,
                "the address is already on " + ifName + ": remove it with 'ip address del " + what + " dev " + ifName
                        + "' or leave it out of the configuration");
        added.add(new Added(false, address, prefixLength));
    }

    /** Removes an address; one already gone is not an error. */
    public synchronized void deleteAddress(InetAddress address, int prefixLength) throws TunException {
        String what = "delete address " + address.getHostAddress() + "/" + prefixLength + " from " + ifName;
        checkPrefix(address, prefixLength, what);
        checkDelete(socket.request(addressMessage(RTM_DELADDR, address, prefixLength), "delete address"), what);
        added.remove(new Added(false, address, prefixLength));
    }

    /** Routes prefix/prefixLength (host bits are cleared) through this interface in the main table. */
    public synchronized void addRoute(InetAddress prefix, int prefixLength) throws TunException {
        InetAddress network = network(prefix, prefixLength, "add route");
        String what = "add route " + network.getHostAddress() + "/" + prefixLength + " dev " + ifName;
        check(socket.request(routeMessage(RTM_NEWROUTE, network, prefixLength), "add route"), what,
                "a route to " + network.getHostAddress() + "/" + prefixLength + " already exists in the main table: "
                        + "see 'ip route show " + network.getHostAddress() + "/" + prefixLength
                        + "' and remove the conflicting route or the overlapping AllowedIPs entry");
        added.add(new Added(true, network, prefixLength));
    }

    /** Deletes wghub's route to prefix/prefixLength via this interface; one already gone is not an error. */
    public synchronized void deleteRoute(InetAddress prefix, int prefixLength) throws TunException {
        InetAddress network = network(prefix, prefixLength, "delete route");
        String what = "delete route " + network.getHostAddress() + "/" + prefixLength + " dev " + ifName;
        checkDelete(socket.request(routeMessage(RTM_DELROUTE, network, prefixLength), "delete route"), what);
        added.remove(new Added(true, network, prefixLength));
    }

    /**
     * Removes, newest first, every route and address this object added and did not delete since. Keeps going
     * past failures (those stay tracked) and throws the first at the end; things already gone count as removed.
     */
    public synchronized void undo() throws TunException {
        TunException first = null;
        for (int i = added.size() - 1; i >= 0; i--) {
            Added a = added.get(i);
            try {
                if (a.route()) {
                    deleteRoute(a.address(), a.prefixLength());
                } else {
                    deleteAddress(a.address(), a.prefixLength());
                }
            } catch (TunException e) {
                // It stays tracked, so a later undo() or close() tries again.
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Undoes what was added, then closes the socket. */
    @Override
    public synchronized void close() throws TunException {
        try {
            undo();
        } finally {
            socket.close();
        }
    }

    private NetlinkMessage linkMessage(int type, int flags, int change) {
        int nlFlags = NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK;
        // struct ifinfomsg: u8 family, u8 pad, u16 type, s32 index, u32 flags, u32 change
        return new NetlinkMessage(type, nlFlags).u8(AF_UNSPEC).u8(0).u16(0).u32(ifindex).u32(flags).u32(change);
    }

    private NetlinkMessage addressMessage(int type, InetAddress address, int prefixLength) {
        boolean v4 = address instanceof Inet4Address;
        int nlFlags = NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK
                | (type == RTM_NEWADDR ? NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL : 0);
        // struct ifaddrmsg: u8 family, u8 prefixlen, u8 flags, u8 scope, u32 index
        NetlinkMessage m = new NetlinkMessage(type, nlFlags).u8(v4 ? AF_INET : AF_INET6).u8(prefixLength)
                .u8(v4 ? 0 : IFA_F_NODAD).u8(RT_SCOPE_UNIVERSE).u32(ifindex);
        byte[] bytes = address.getAddress();
        if (v4) {
            m.attr(IFA_LOCAL, bytes); // IPv4: IFA_LOCAL is our address, IFA_ADDRESS the peer/prefix one
        }
        return m.attr(IFA_ADDRESS, bytes);
    }

    private NetlinkMessage routeMessage(int type, InetAddress network, int prefixLength) {
        boolean v4 = network instanceof Inet4Address;
        int nlFlags = NetlinkMessage.NLM_F_REQUEST | NetlinkMessage.NLM_F_ACK
                | (type == RTM_NEWROUTE ? NetlinkMessage.NLM_F_CREATE | NetlinkMessage.NLM_F_EXCL : 0);
        // struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type (u8 each), u32 flags.
        // Deleting with our protocol set makes the kernel match only wghub's route, never someone else's.
        NetlinkMessage m = new NetlinkMessage(type, nlFlags).u8(v4 ? AF_INET : AF_INET6).u8(prefixLength).u8(0).u8(0)
                .u8(RT_TABLE_MAIN).u8(ROUTE_PROTOCOL).u8(RT_SCOPE_LINK).u8(RTN_UNICAST).u32(0);
        if (prefixLength > 0) {
            m.attr(RTA_DST, network.getAddress());
        }
        return m.attrU32(RTA_OIF, ifindex);
    }

    private void check(NetlinkSocket.Ack ack, String action, String existsHint) throws TunException {
        if (ack.errno() != 0) {
            throw LinkErrors.failure(action, ifName, ack.errno(), ack.kernelMessage(),
                    existsHint == null ? "it already exists" : existsHint);
        }
    }

    private void checkDelete(NetlinkSocket.Ack ack, String action) throws TunException {
        if (ack.errno() != 0 && !LinkErrors.alreadyGone(ack.errno())) {
            throw LinkErrors.failure(action, ifName, ack.errno(), ack.kernelMessage(), null);
        }
    }

    private static void checkPrefix(InetAddress address, int prefixLength, String action) throws TunException {
        int max = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > max) {
            throw new TunException(action + ": prefix length " + prefixLength + " is out of range, use 0 to " + max);
        }
    }

    /** The prefix with host bits cleared, because the kernel rejects IPv4 routes that have them set. */
    private InetAddress network(InetAddress prefix, int prefixLength, String action) throws TunException {
        checkPrefix(prefix, prefixLength,
                action + " " + prefix.getHostAddress() + "/" + prefixLength + " dev " + ifName);
        byte[] bytes = prefix.getAddress();
        for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the length came from an InetAddress
        }
    }
}
