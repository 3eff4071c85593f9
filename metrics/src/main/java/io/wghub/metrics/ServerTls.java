package io.wghub.metrics;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/** Builds the endpoint's server TLS context from PEM files, on netty-tcnative's OpenSSL (BoringSSL) provider when it loads. */
final class ServerTls {

    private static final Logger LOG = Logger.getLogger(ServerTls.class.getName());

    private ServerTls() {
    }

    /** OPENSSL when netty-tcnative loaded on this platform, otherwise the JDK provider. */
    static SslProvider provider() {
        if (OpenSsl.isAvailable()) {
            return SslProvider.OPENSSL;
        }
        Throwable why = OpenSsl.unavailabilityCause();
        LOG.warning("metrics: OpenSSL (netty-tcnative) unavailable, TLS falls back to the JDK provider: "
                + (why == null ? "unknown reason" : why.getMessage()));
        return SslProvider.JDK;
    }

    /** The server context for {@code config}; a one-line IOException names the file that is unreadable or unusable. */
    static SslContext build(MetricsConfig config) throws IOException {
        Path cert = config.tlsCert();
        Path key = config.tlsKey();
        Path ca = config.tlsClientCa();
        requireReadable(cert, "TLS certificate");
        requireReadable(key, "TLS key");
        if (ca != null) {
            requireReadable(ca, "client CA");
        }
        KeyMatch.check(cert, key);
        SslContextBuilder builder;
        try {
            builder = SslContextBuilder.forServer(cert.toFile(), key.toFile());
        } catch (IllegalArgumentException e) {
            throw new IOException("metrics: TLS certificate " + cert + " or key " + key
                    + " is not usable PEM (certificate chain, PKCS#8 key): " + oneLine(e));
        }
        builder.sslProvider(provider()).protocols("TLSv1.3", "TLSv1.2");
        if (ca != null) {
            try {
                builder.trustManager(ca.toFile()).clientAuth(ClientAuth.REQUIRE);
            } catch (IllegalArgumentException e) {
                throw new IOException("metrics: client CA " + ca + " holds no usable PEM certificate: " + oneLine(e));
            }
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("metrics: cannot set up TLS from " + cert + " and " + key
                    + (ca == null ? "" : " with client CA " + ca) + ": " + oneLine(e));
        }
    }

    private static void requireReadable(Path p, String what) throws IOException {
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new IOException("metrics: " + what + " file " + p + " is missing or unreadable");
        }
    }

    /** The innermost message, on one line; key material never reaches these messages (Netty names files only). */
    static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replace('\n', ' ').replace('\r', ' ');
    }
}
