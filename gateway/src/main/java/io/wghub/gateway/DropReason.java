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
    REPLAYED_PACKET("replayed_packet");

    private final String label;

    DropReason(String label) {
        this.label = label;
    }

    /** Stable snake_case name, used as the metric label value. */
    public String label() {
        return label;
    }
}
