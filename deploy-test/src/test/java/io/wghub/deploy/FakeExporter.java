package io.wghub.deploy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** Serves sample-metrics.prom as /metrics on a loopback port, its counters growing with every scrape as if traffic flowed. */
final class FakeExporter implements AutoCloseable {
    private static final Pattern COUNTER = Pattern.compile("^\\w+_(total|count|sum|bucket)[{ ].*");

    private final HttpServer server;
    private final String page;
    private final AtomicLong scrapes = new AtomicLong();

    FakeExporter() throws IOException {
        try (InputStream in = FakeExporter.class.getResourceAsStream("sample-metrics.prom")) {
            page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = render(scrapes.incrementAndGet()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    /** host:port to scrape. */
    String target() {
        return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    private String render(long scrape) {
        StringBuilder out = new StringBuilder();
        for (String line : page.split("\n")) {
            if (COUNTER.matcher(line).matches()) {
                int space = line.lastIndexOf(' ');
                double value = Double.parseDouble(line.substring(space + 1)) * scrape;
                line = line.substring(0, space + 1) + value;
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
