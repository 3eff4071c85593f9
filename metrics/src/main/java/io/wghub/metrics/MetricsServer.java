package io.wghub.metrics;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/** The HTTP(S) endpoint for /metrics, /healthz and /readyz on Netty, with its own one-thread event loop. */
public final class MetricsServer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MetricsServer.class.getName());
    /** Idle keep-alive connections are closed after this long (scrape intervals are usually 15-60 s). */
    private static final int IDLE_SECONDS = 300;

    private final EventLoopGroup group;
    private final Channel channel;
    private final boolean tls;

    private MetricsServer(EventLoopGroup group, Channel channel, boolean tls) {
        this.group = group;
        this.channel = channel;
        this.tls = tls;
    }

    /**
     * Binds the endpoint and returns once it accepts connections. The IOException's message is one line
     * (unreadable or unusable TLS files, address in use, address not available).
     */
    public static MetricsServer start(MetricsConfig config, WghubMetrics metrics) throws IOException {
        SslContext ssl = config.tls() ? ServerTls.build(config) : null;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("wghub-metrics", true), io);
        MetricsHandler handler = new MetricsHandler(metrics);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(channelClass)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ChannelPipeline p = ch.pipeline();
                        if (ssl != null) {
                            p.addLast("tls", ssl.newHandler(ch.alloc()));
                        }
                        p.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS));
                        p.addLast("http", new HttpServerCodec());
                        p.addLast("keepalive", new HttpServerKeepAliveHandler());
                        p.addLast("aggregate", new HttpObjectAggregator(8192));
                        p.addLast("routes", handler);
                    }
                });
        InetSocketAddress listen = config.listen();
        ChannelFuture bound = bootstrap.bind(listen).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            throw new IOException("metrics: cannot listen on " + hostPort(listen) + ": " + ServerTls.oneLine(bound.cause()));
        }
        MetricsServer server = new MetricsServer(group, bound.channel(), ssl != null);
        LOG.info("metrics: serving " + (ssl != null ? "https" : "http") + "://" + hostPort(server.localAddress())
                + "/metrics" + (config.clientAuth() ? " (client certificates required)" : "")
                + ", per-peer series: " + config.peers());
        return server;
    }

    /** The bound address (the real port when the config asked for port 0). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** True when serving HTTPS. */
    public boolean tls() {
        return tls;
    }

    /** Stops listening, closes connections and stops the event loop; waits up to a few seconds. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
