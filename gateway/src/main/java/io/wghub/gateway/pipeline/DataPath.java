package io.wghub.gateway.pipeline;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.UnixChannelOption;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.wghub.gateway.noise.Messages;
import io.wghub.gateway.timer.TimerWheel;
import io.wghub.tun.TunDevice;
import io.wghub.tun.TunException;
import io.wghub.tun.TunQueue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The running data path of one interface: N epoll event loops, each with one UDP socket on the
 * listen port (SO_REUSEPORT, dual stack) and one TUN queue on the same loop, and the timer
 * wheel ticking on the first loop. Construct inside the network namespace the interface lives
 * in: sockets belong to the namespace of the thread that creates them.
 */
public final class DataPath implements AutoCloseable {
    /** Datagrams fetched per recvmmsg call. */
    static final int DATAGRAMS_PER_READ = 32;
    private static final int SOCKET_BUFFER_BYTES = 4 << 20;

    private final DataPlane plane;
    private final EventLoopGroup group;
    private final List<Lane> lanes = new ArrayList<>();
    private ScheduledFuture<?> ticker;
    private int port;

    /** Creates the loops and the wheel; {@link #start} opens sockets and queues. */
    public DataPath(DataPlane plane, int threads, int handshakesPerSecondBeforeLoad) {
        this.plane = plane;
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("wghub-" + plane.interfaceName),
                EpollIoHandler.newFactory());
        for (int i = 0; i < threads; i++) {
            lanes.add(new Lane(i, handshakesPerSecondBeforeLoad));
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
    public void start(TunDevice device, int listenPort, Runnable onInterfaceGone) throws TunException, InterruptedException {
        List<IoEventLoop> loops = new ArrayList<>();
        group.forEach(executor -> loops.add((IoEventLoop) executor));
        port = listenPort;
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            Channel channel = bootstrap(loops.get(i), lane).bind(new InetSocketAddress(port)).sync().channel();
            port = ((InetSocketAddress) channel.localAddress()).getPort();
            lane.channel(channel);
        }
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            TunQueue queue = i == 0 ? device.firstQueue() : device.openQueue();
            TunIoHandle handle = TunIoHandle.register(loops.get(i), queue, plane.mtu, plane.allocator,
                    new OutboundStage(plane, lane), onInterfaceGone).sync().getNow();
            lane.tun(handle);
        }
        for (Lane lane : lanes) {
            lane.channel().config().setAutoRead(true);
        }
        Lane timerLane = lanes.get(0);
        ticker = loops.get(0).scheduleAtFixedRate(() -> tick(timerLane), TimerWheel.TICK_NANOS, TimerWheel.TICK_NANOS,
                TimeUnit.NANOSECONDS);
    }

    /** The UDP port all lanes listen on. */
    public int port() {
        return port;
    }

    public List<Lane> lanes() {
        return lanes;
    }

    private Bootstrap bootstrap(IoEventLoop loop, Lane lane) {
        // A datagram may carry up to MTU bytes of inner packet plus the transport overhead.
        int maxDatagram = plane.mtu + Messages.TRANSPORT_MIN_LENGTH;
        return new Bootstrap()
                .group(loop)
                .channelFactory(EpollDatagramChannel::new)
                .option(ChannelOption.AUTO_READ, false)
                .option(UnixChannelOption.SO_REUSEPORT, true)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER_BYTES)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER_BYTES)
                .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, maxDatagram)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxDatagram * DATAGRAMS_PER_READ))
                .handler(new LaneInitializer(plane, lane));
    }

    private void tick(Lane lane) {
        try {
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
