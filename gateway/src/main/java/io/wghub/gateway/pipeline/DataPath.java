package io.wghub.gateway.pipeline;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.unix.IntegerUnixChannelOption;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.wghub.gateway.DropReason;
import io.wghub.gateway.noise.Messages;
import io.wghub.gateway.timer.TimerWheel;
import io.wghub.tun.TunDevice;
import io.wghub.tun.TunException;
import io.wghub.tun.TunQueue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The running data path of one interface: N epoll event loops, each with one UDP socket on the
 * listen port (SO_REUSEPORT, dual stack) and one TUN queue on the same loop, and the timer
 * wheel ticking on the first loop. Construct inside the network namespace the interface lives
 * in: sockets belong to the namespace of the thread that creates them, so they are always
 * created on the loops, whose threads start in that namespace.
 */
public final class DataPath implements AutoCloseable {
    /** Datagrams fetched per recvmmsg call. */
    static final int DATAGRAMS_PER_READ = 32;
    /**
     * Receive slots hold datagrams of up to this many bytes whatever our MTU: a peer may use a
     * larger MTU than ours (up to jumbo frames) and its packets must still arrive whole.
     */
    private static final int MIN_DATAGRAM_SLOT = 9216;
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;
    private static final long TICK_NANOS = TimerWheel.TICK_NANOS;
    /** 64 ticks of ~16.8 ms: the MTU is re-read about once a second. */
    private static final long MTU_CHECK_TICKS_MASK = 63;
    /** SO_MARK from the socket ABI (SOL_SOCKET = 1, SO_MARK = 36): what wg's fwmark sets. */
    private static final IntegerUnixChannelOption SO_MARK = new IntegerUnixChannelOption("SO_MARK", 1, 36);

    private final DataPlane plane;
    private final EventLoopGroup group;
    private final List<IoEventLoop> loops = new ArrayList<>();
    private final List<Lane> lanes = new ArrayList<>();
    private final boolean udpGso;
    private TunDevice device;
    private ScheduledFuture<?> ticker;
    private volatile int port;
    private volatile int fwmark;
    /** Ticks so far; read and written by lane 0's loop only. */
    private long ticks;

    /** Creates the loops; {@link #start} opens sockets and queues. */
    public DataPath(DataPlane plane, int threads, int handshakesPerSecondBeforeLoad, boolean offload) {
        this.plane = plane;
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("wghub-" + plane.interfaceName),
                EpollIoHandler.newFactory());
        group.forEach(executor -> loops.add((IoEventLoop) executor));
        this.udpGso = offload && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
        for (int i = 0; i < threads; i++) {
            lanes.add(new Lane(handshakesPerSecondBeforeLoad, udpGso, this::segmentedWriteFailed));
        }
        plane.timerActions.lane(lanes.get(0));
    }

    /**
     * Binds one socket per loop to {@code listenPort} (0: the kernel picks one, and every other
     * loop's socket joins it), registers one TUN queue per loop, then starts reading and ticking.
     * Sockets come first so a packet from the TUN always finds its lane's socket.
     *
     * @param onInterfaceGone run (once per queue) when the interface is deleted from outside
     */
    public synchronized void start(TunDevice device, int listenPort, Runnable onInterfaceGone)
            throws TunException, IOException, InterruptedException {
        this.device = device;
        List<Channel> channels = bindAll(listenPort);
        for (int i = 0; i < lanes.size(); i++) {
            lanes.get(i).channel(channels.get(i));
        }
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            TunQueue queue = i == 0 ? device.firstQueue() : device.openQueue();
            TunIoHandle handle = TunIoHandle.register(loops.get(i), queue, plane.mtu, plane.allocator,
                    new OutboundStage(plane, lane), onInterfaceGone, this::refreshMtu).sync().getNow();
            lane.tun(handle);
        }
        for (Lane lane : lanes) {
            lane.channel().config().setAutoRead(true);
        }
        Lane timerLane = lanes.get(0);
        ticker = loops.get(0).scheduleAtFixedRate(() -> tick(timerLane), TICK_NANOS, TICK_NANOS, TimeUnit.NANOSECONDS);
    }

    /** What the data path offloads to the kernel, for the "up" line: e.g. "TSO, checksums, UDP GSO" or "none". */
    public String offloads() {
        String tun = device != null && device.segmentationOffload() ? "TSO, checksums" : "";
        String udp = udpGso ? "UDP GSO" : "";
        String both = tun.isEmpty() || udp.isEmpty() ? tun + udp : tun + ", " + udp;
        return both.isEmpty() ? "none" : both;
    }

    /**
     * A lane's UDP GSO write failed: its datagrams count as failed sends, as they would one by
     * one; when the kernel refused the segmentation itself, the lane has turned GSO off.
     */
    private void segmentedWriteFailed(int datagrams, Throwable cause, boolean gsoOff) {
        plane.drops.count(DropReason.UDP_SEND_FAILED, datagrams);
        if (gsoOff) {
            plane.log.warn("The kernel refused a UDP GSO write of " + datagrams + " datagrams (" + cause.getMessage()
                    + "); this event loop sends datagrams one by one from now on");
        } else if (plane.log.permit()) {
            plane.log.warn("Sending " + datagrams + " datagrams failed: " + cause.getMessage());
        }
    }

    /** The UDP port all lanes listen on. */
    public int port() {
        return port;
    }

    /** The sockets' SO_MARK, 0 for none. */
    public int fwmark() {
        return fwmark;
    }

    /** The event loops in lane order, for the metrics' per-loop series. */
    public EventLoopGroup group() {
        return group;
    }

    /** Whether any lane is under load now (whitepaper §5.4.7), for the metrics. */
    public boolean underLoad() {
        long now = System.nanoTime();
        for (Lane lane : lanes) {
            if (lane.load.underLoad(now)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves every lane to {@code listenPort} (0: any free port): new sockets are bound first, so
     * a port in use fails with nothing changed; then each lane switches on its own loop and the
     * old sockets close.
     *
     * @throws IOException when the port cannot be bound (the message says why)
     */
    public synchronized void rebind(int listenPort) throws IOException, InterruptedException {
        if (listenPort != 0 && listenPort == port) {
            return;
        }
        List<Channel> fresh = bindAll(listenPort);
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            Channel old = lane.channel();
            Channel next = fresh.get(i);
            awaitOnLoop(loops.get(i), () -> {
                lane.channel(next);
                next.config().setAutoRead(true);
            });
            old.close().await();
        }
    }

    /** Sets SO_MARK on every socket (0 removes it), for wg-quick's policy routing. */
    public synchronized void fwmark(int mark) {
        for (Lane lane : lanes) {
            lane.channel().config().setOption(SO_MARK, mark);
        }
        fwmark = mark;
    }

    private List<Channel> bindAll(int listenPort) throws InterruptedException, IOException {
        List<Channel> channels = new ArrayList<>();
        int bindPort = listenPort;
        try {
            bindPort = claimPort(listenPort);
            for (int i = 0; i < lanes.size(); i++) {
                IoEventLoop loop = loops.get(i);
                Bootstrap bootstrap = bootstrap(loop, lanes.get(i));
                InetSocketAddress address = new InetSocketAddress(bindPort);
                // Created on the loop: its thread is in the interface's namespace, the caller's may not be.
                ChannelFuture bound = loop.submit(() -> bootstrap.bind(address)).get();
                bound.await();
                if (!bound.isSuccess()) {
                    throw new IOException("cannot listen on UDP port " + bindPort + ": "
                            + bound.cause().getMessage() + (bindPort != 0 ? "; choose another ListenPort or stop what uses it" : ""),
                            bound.cause());
                }
                Channel channel = bound.channel();
                channels.add(channel);
                bindPort = ((InetSocketAddress) channel.localAddress()).getPort();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            for (Channel channel : channels) {
                channel.close();
            }
            throw e;
        } catch (ExecutionException e) {
            for (Channel channel : channels) {
                channel.close();
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot listen on UDP port " + bindPort + ": " + e.getCause().getMessage(), e.getCause());
        }
        port = bindPort;
        return channels;
    }

    /**
     * Binds the port once without SO_REUSEPORT and lets it go: with SO_REUSEPORT alone, a second
     * wghub (same user) could join our port's group silently and the kernel would split the peers
     * between the two. This fails as wireguard-go and Linux do when the port is taken, and picks
     * the port when {@code listenPort} is 0. On a loop, for the namespace.
     */
    private int claimPort(int listenPort) throws IOException, InterruptedException, ExecutionException {
        return loops.get(0).submit(() -> {
            try (DatagramChannel probe = openProbe()) {
                probe.bind(new InetSocketAddress(listenPort));
                return ((InetSocketAddress) probe.getLocalAddress()).getPort();
            } catch (IOException e) {
                throw new IOException("cannot listen on UDP port " + listenPort + ": " + e.getMessage()
                        + "; choose another ListenPort or stop what uses it", e);
            }
        }).get();
    }

    private static DatagramChannel openProbe() throws IOException {
        try {
            return DatagramChannel.open(StandardProtocolFamily.INET6);
        } catch (UnsupportedOperationException | IOException noIpv6) {
            return DatagramChannel.open(StandardProtocolFamily.INET);
        }
    }

    private static void awaitOnLoop(IoEventLoop loop, Runnable task) throws InterruptedException {
        try {
            loop.submit(task).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a lane could not switch sockets", e.getCause());
        }
    }

    /** Reads the interface's MTU again after a packet did not fit, and sizes every lane for it. */
    private void refreshMtu() {
        try {
            int mtu = device.mtu();
            if (mtu != plane.mtu) {
                plane.log.event("MTU is now " + mtu);
                plane.mtu = mtu;
                for (Lane lane : lanes) {
                    lane.tun().mtu(mtu);
                }
            }
        } catch (TunException e) {
            plane.log.internalError("cannot read the interface MTU", e);
        }
    }

    private Bootstrap bootstrap(IoEventLoop loop, Lane lane) {
        int slot = Math.max(plane.mtu + Messages.TRANSPORT_MIN_LENGTH, MIN_DATAGRAM_SLOT);
        Bootstrap bootstrap = new Bootstrap()
                .group(loop)
                .channelFactory(DataPath::dualStackChannel)
                .option(ChannelOption.AUTO_READ, false)
                .option(UnixChannelOption.SO_REUSEPORT, true)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, slot)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(slot * DATAGRAMS_PER_READ))
                .handler(new LaneInitializer(plane, lane));
        if (fwmark != 0) {
            bootstrap.option(SO_MARK, fwmark);
        }
        return bootstrap;
    }

    /**
     * An IPv6 socket, which also carries IPv4 (v4-mapped): Netty's default picks IPv4 when the
     * namespace has no IPv6 address yet, which would leave IPv6 peers out. Where IPv6 is disabled
     * in the kernel, an IPv4 socket.
     */
    private static EpollDatagramChannel dualStackChannel() {
        try {
            return new EpollDatagramChannel(SocketProtocolFamily.INET6);
        } catch (ChannelException noIpv6) {
            return new EpollDatagramChannel(SocketProtocolFamily.INET);
        }
    }

    private void tick(Lane lane) {
        try {
            // About once a second: a lowered MTU (wg-quick sets it after creation) shows in no read.
            if ((++ticks & MTU_CHECK_TICKS_MASK) == 0) {
                refreshMtu();
            }
            plane.wheel.advance(System.nanoTime());
        } catch (RuntimeException e) {
            plane.log.internalError("A timer action failed", e);
        } finally {
            lane.flush();
        }
    }

    /**
     * Closes the sockets and stops the loops, which cancels the TUN handles registered on them;
     * the TUN device itself (and so its queues) is the caller's to close afterwards.
     */
    @Override
    public void close() throws InterruptedException {
        if (ticker != null) {
            ticker.cancel(false);
        }
        for (Lane lane : lanes) {
            if (lane.channel() != null) {
                lane.channel().close().await();
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).await();
    }
}
