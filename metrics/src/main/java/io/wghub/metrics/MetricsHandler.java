package io.wghub.metrics;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Routes {@code /metrics}, {@code /healthz} and {@code /readyz}; 404 for other paths, 405 for methods other than GET/HEAD. */
@Sharable
final class MetricsHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger LOG = Logger.getLogger(MetricsHandler.class.getName());
    private static final long LOG_EVERY_NANOS = 60_000_000_000L;
    private static final String TEXT = "text/plain; charset=utf-8";

    private final WghubMetrics metrics;
    // Mutable state is safe: every connection of the server lives on its single event-loop thread.
    private long lastWarning = System.nanoTime() - LOG_EVERY_NANOS;

    MetricsHandler(WghubMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (!req.decoderResult().isSuccess()) {
            send(ctx, req, text(HttpResponseStatus.BAD_REQUEST, "bad request\n"), true);
            return;
        }
        String path = new QueryStringDecoder(req.uri()).path();
        if (!path.equals("/metrics") && !path.equals("/healthz") && !path.equals("/readyz")) {
            send(ctx, req, text(HttpResponseStatus.NOT_FOUND, "not found\n"), false);
            return;
        }
        HttpMethod method = req.method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            FullHttpResponse r = text(HttpResponseStatus.METHOD_NOT_ALLOWED, "method not allowed\n");
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            send(ctx, req, r, false);
            return;
        }
        FullHttpResponse response = switch (path) {
            case "/metrics" -> scrape(ctx, req.headers().get(HttpHeaderNames.ACCEPT));
            case "/healthz" -> text(HttpResponseStatus.OK, "ok\n");
            default -> ready() ? text(HttpResponseStatus.OK, "ready\n")
                    : text(HttpResponseStatus.SERVICE_UNAVAILABLE, "not ready\n");
        };
        send(ctx, req, response, false);
    }

    private FullHttpResponse scrape(ChannelHandlerContext ctx, String accept) {
        ScrapeFormat format = ScrapeFormat.negotiate(accept);
        // The whole body before the status line, so a failure is still a 500; in pooled chunks, not one buffer.
        PooledBodyStream out = new PooledBodyStream(ctx.alloc());
        boolean written = false;
        try {
            metrics.scrape(out, format);
            written = true;
        } catch (Exception | LinkageError e) {
            warn("metrics: scrape failed: " + ServerTls.oneLine(e), e);
            return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "scrape failed\n");
        } finally {
            if (!written) {
                // Also on an Error (e.g. out of memory half-way through a large scrape): the pooled chunks go back.
                out.discard();
            }
        }
        DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, out.finish());
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, format.contentType());
        return r;
    }

    private boolean ready() {
        try {
            return metrics.source().ready();
        } catch (RuntimeException e) {
            warn("metrics: readiness check failed: " + ServerTls.oneLine(e), null);
            return false;
        }
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        DefaultFullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT);
        return r;
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse r, boolean close) {
        HttpUtil.setContentLength(r, r.content().readableBytes());
        r.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        if (req.method().equals(HttpMethod.HEAD)) {
            r.content().clear();
        }
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(r);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Refused TLS handshakes (missing or foreign client certificates), resets: not worth a warning each.
        LOG.log(Level.FINE, "metrics: connection from {0} closed: {1}",
                new Object[] {ctx.channel().remoteAddress(), ServerTls.oneLine(cause)});
        ctx.close();
    }

    /** At most one warning a minute, so a broken source cannot flood the log. */
    private void warn(String message, Throwable e) {
        long now = System.nanoTime();
        if (now - lastWarning >= LOG_EVERY_NANOS) {
            lastWarning = now;
            LOG.log(Level.WARNING, message, e);
        }
    }
}
