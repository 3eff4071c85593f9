package io.wghub.gateway;

/** Why a datagram or packet was dropped; each reason is one counter and one metric label value. */
public enum DropReason {
    /** Shorter than its message type requires. */
    TRUNCATED("truncated"),
    /** Longer than its message type allows. */
    OVERSIZED("oversized"),
    /** The first byte names no WireGuard message type. */
    UNKNOWN_TYPE("unknown_type"),
    /** The three reserved bytes after the type are not zero. */
    RESERVED_NONZERO("reserved_nonzero"),
    /** mac1 does not match our static public key: wg(4) "Invalid initiation MAC". */
    INVALID_MAC1("invalid_mac1"),
    /** Under load and mac2 is missing or stale; a cookie reply was sent instead. */
    COOKIE_REQUIRED("cookie_required"),
    /** Under load, a handshake message with a valid cookie from a source above 20 a second (Linux's ratelimiter). */
    HANDSHAKE_RATE_LIMITED("handshake_rate_limited"),
    /** A handshake initiation that does not decrypt or names an unknown peer. */
    INVALID_INITIATION("invalid_initiation"),
    /** An initiation whose TAI64N timestamp is not newer than the last accepted one. */
    REPLAYED_INITIATION("replayed_initiation"),
    /** More initiations from one peer than the protocol allows per second. */
    INITIATION_FLOOD("initiation_flood"),
    /** A handshake response that matches no pending initiation or does not decrypt. */
    INVALID_RESPONSE("invalid_response"),
    /** A cookie reply that matches nothing we sent or does not decrypt. */
    INVALID_COOKIE_REPLY("invalid_cookie_reply"),
    /** A receiver index that belongs to no session or handshake of ours. */
    UNKNOWN_RECEIVER("unknown_receiver"),
    /** The session's keys are past REJECT_AFTER_TIME or REJECT_AFTER_MESSAGES. */
    KEYPAIR_EXPIRED("keypair_expired"),
    /** The transport packet's authentication tag does not verify. */
    DECRYPT_FAILED("decrypt_failed"),
    /** The counter was already seen or is older than the replay window. */
    REPLAYED_PACKET("replayed_packet"),
    /** A decrypted packet that is not a well-formed IPv4 or IPv6 packet. */
    INVALID_INNER_PACKET("invalid_inner_packet"),
    /** The inner source address is not in the sending peer's allowed IPs: wg(4) "Packet has unallowed src IP". */
    UNALLOWED_SOURCE("unallowed_source"),
    /** A packet from the TUN whose destination is in no peer's allowed IPs. */
    NO_ROUTE("no_route"),
    /** A packet for a peer whose endpoint is not known yet (no Endpoint configured, never heard from). */
    NO_ENDPOINT("no_endpoint"),
    /** The peer's queue of packets waiting for a session was full; the oldest was dropped. */
    STAGED_QUEUE_FULL("staged_queue_full"),
    /** Packets that waited for a handshake that gave up after REKEY_ATTEMPT_TIME. */
    HANDSHAKE_TIMEOUT("handshake_timeout"),
    /** Writing a decrypted packet to the TUN failed. */
    TUN_WRITE_FAILED("tun_write_failed"),
    /** The UDP socket refused a datagram (e.g. no route to the endpoint). */
    UDP_SEND_FAILED("udp_send_failed");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    /** Stable snake_case name, used as the metric label value. */
    public String label() {
        return label;
    }
}
