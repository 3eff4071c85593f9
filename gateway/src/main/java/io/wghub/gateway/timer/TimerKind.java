package io.wghub.gateway.timer;

/** The five per-peer timers, named after the Linux driver's (whitepaper §6). */
enum TimerKind {
    /** No response to our initiation after REKEY_TIMEOUT + jitter. */
    RETRANSMIT_HANDSHAKE,
    /** Sent data, heard nothing for KEEPALIVE_TIMEOUT + REKEY_TIMEOUT + jitter. */
    NEW_HANDSHAKE,
    /** Received data, sent nothing for KEEPALIVE_TIMEOUT: the passive keepalive. */
    SEND_KEEPALIVE,
    /** The peer's configured persistent-keepalive interval passed without traffic. */
    PERSISTENT_KEEPALIVE,
    /** 3 × REJECT_AFTER_TIME without a new session. */
    ZERO_KEY_MATERIAL
}
