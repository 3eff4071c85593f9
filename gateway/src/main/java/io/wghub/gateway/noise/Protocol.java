package io.wghub.gateway.noise;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** WireGuard's fixed protocol constants: Noise names and labels (§5.4) and limits (§6.1). */
public final class Protocol {
    static final byte[] CONSTRUCTION =
            "Noise_IKpsk2_25519_ChaChaPoly_BLAKE2s".getBytes(StandardCharsets.US_ASCII);
    static final byte[] IDENTIFIER =
            "WireGuard v1 zx2c4 Jason@zx2c4.com".getBytes(StandardCharsets.US_ASCII);
    static final byte[] LABEL_MAC1 = "mac1----".getBytes(StandardCharsets.US_ASCII);
    static final byte[] LABEL_COOKIE = "cookie--".getBytes(StandardCharsets.US_ASCII);

    /** Initiate a new handshake after this many messages under one keypair. */
    public static final long REKEY_AFTER_MESSAGES = 1L << 60;
    /** 2^64 - 2^13 - 1 as an unsigned 64-bit value: no message is sent or accepted past it. */
    public static final long REJECT_AFTER_MESSAGES = 0xFFFF_FFFF_FFFF_DFFFL;
    public static final Duration REKEY_AFTER_TIME = Duration.ofSeconds(120);
    public static final Duration REJECT_AFTER_TIME = Duration.ofSeconds(180);
    public static final Duration REKEY_ATTEMPT_TIME = Duration.ofSeconds(90);
    public static final Duration REKEY_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration KEEPALIVE_TIMEOUT = Duration.ofSeconds(10);
    /** The responder's cookie secret changes this often; an initiator's cookie lives as long. */
    public static final Duration COOKIE_SECRET_MAX_AGE = Duration.ofSeconds(120);
    /** A peer may start at most this many handshakes per second (the responder's flood guard). */
    public static final int MAX_INITIATIONS_PER_SECOND = 50;

    private Protocol() {
    }
}
