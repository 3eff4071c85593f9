package io.wghub.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.wghub.gateway.testing.Processes;
import io.wghub.tun.LinkConfig;
import io.wghub.tun.NetNamespace;
import io.wghub.tun.TunDevice;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A TUN queue registered on a Netty epoll loop through the public IoHandle API: packets the
 * kernel routes into the TUN reach the sink on the loop's thread, packets written through the
 * handle reach a socket. Everything happens in a network namespace this test creates.
 */
class TunIoHandleTest {
    private static final int MTU = 1420;
    private String namespace;
    private TunDevice device;
    private MultiThreadIoEventLoopGroup group;

    @BeforeEach
    void setUp() throws Exception {
        boolean ready = Processes.isRoot() && Processes.onPath("ip");
        if (!ready) {
            System.out.println("SKIPPED TunIoHandleTest: needs root and iproute2 to create a namespace and a TUN");
        }
        assumeTrue(ready, "needs root and iproute2");
        namespace = "wghub-pipe-" + Integer.toHexString(ThreadLocalRandom.current().nextInt());
        Processes.check("ip", "netns", "add", namespace);
        group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    }

    /** The TUN under test: plain, or with a virtio_net_hdr on every packet and the offloads asked for. */
    private void open(boolean offload) throws Exception {
        device = NetNamespace.call(namespace, () -> {
            TunDevice tun = offload ? TunDevice.createWithOffloads("wghubp0") : TunDevice.create("wghubp0");
            LinkConfig link = LinkConfig.open(tun);
            link.setMtu(MTU);
            link.setUp();
            link.addAddress(InetAddress.getByName("10.79.0.1"), 24);
            return tun;
        });
        assertEquals(offload, device.vnetHeader());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
        if (device != null) {
            device.close();
        }
        if (namespace != null) {
            Processes.check("ip", "netns", "del", namespace);
        }
    }

    @ParameterizedTest(name = "offload {0}")
    @ValueSource(booleans = {false, true})
    void packetsFlowBothWaysThroughTheEventLoop(boolean offload) throws Exception {
        open(offload);
        BlockingQueue<ByteBuf> fromTun = new ArrayBlockingQueue<>(64);
        BlockingQueue<Thread> readers = new ArrayBlockingQueue<>(64);
        IoEventLoop loop = (IoEventLoop) group.next();
        TunIoHandle handle = TunIoHandle.register(loop, device.firstQueue(), MTU, PooledByteBufAllocator.DEFAULT,
                packet -> {
                    readers.add(Thread.currentThread());
                    fromTun.add(packet);
                }, () -> { }, () -> { }).sync().getNow();

        DatagramSocket socket = NetNamespace.call(namespace,
                () -> new DatagramSocket(new InetSocketAddress("10.79.0.1", 0)));
        try (socket) {
            socket.setSoTimeout(10_000);
            byte[] hello = "hello".getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(hello, hello.length, InetAddress.getByName("10.79.0.2"), 7777));

            // The kernel may also emit its own packets (e.g. IPv6 router solicitations): find ours.
            ByteBuf ours = null;
            while (ours == null) {
                ByteBuf packet = fromTun.poll(10, TimeUnit.SECONDS);
                assertNotNull(packet, "the UDP datagram never came out of the TUN");
                assertTrue(loop.inEventLoop(readers.take()), "read on the loop's own thread");
                if (Ipv4Udp.isUdpTo(packet, "10.79.0.2", 7777)) {
                    ours = packet;
                } else {
                    packet.release();
                }
            }
            assertEquals(TunIoHandle.HEADROOM, ours.readerIndex(), "headroom left for the transport header");
            assertEquals("hello", Ipv4Udp.payload(ours));
            ours.release();

            // And back: a datagram from 10.79.0.2:7777 written through the handle reaches the socket.
            ByteBuf reply = Ipv4Udp.build(PooledByteBufAllocator.DEFAULT, "10.79.0.2", 7777, "10.79.0.1",
                    socket.getLocalPort(), "world".getBytes(StandardCharsets.US_ASCII));
            CountDownLatch written = new CountDownLatch(1);
            loop.execute(() -> {
                try {
                    assertTrue(handle.write(reply));
                } catch (Exception e) {
                    throw new AssertionError(e);
                } finally {
                    reply.release();
                    written.countDown();
                }
            });
            assertTrue(written.await(10, TimeUnit.SECONDS));
            byte[] buffer = new byte[64];
            DatagramPacket received = new DatagramPacket(buffer, buffer.length);
            socket.receive(received);
            assertEquals("world", new String(buffer, 0, received.getLength(), StandardCharsets.US_ASCII));
            assertEquals(7777, received.getPort());
        }
    }

    @Test
    void deletingTheInterfaceFromOutsideIsReported() throws Exception {
        open(false);
        CountDownLatch gone = new CountDownLatch(1);
        IoEventLoop loop = (IoEventLoop) group.next();
        TunIoHandle.register(loop, device.firstQueue(), MTU, PooledByteBufAllocator.DEFAULT,
                ByteBuf::release, gone::countDown, () -> { }).sync();
        Processes.check("ip", "-n", namespace, "link", "del", "wghubp0");
        assertTrue(gone.await(10, TimeUnit.SECONDS), "the loop noticed the interface is gone");
    }
}
