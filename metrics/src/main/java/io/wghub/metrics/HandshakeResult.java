package io.wghub.metrics;

/** How a handshake ended: the {@code result} label of {@code wghub_handshakes_total}. */
public enum HandshakeResult {
    /** Completed: initiator consumed a valid response, or responder sent its response. */
    OK("ok"),
    /** Initiator: no response within REKEY_TIMEOUT (one count per retransmission). */
    TIMEOUT("timeout"),
    /** The initiation or response did not verify (bad MAC, decryption, replay, unknown peer). */
    INVALID("invalid");

    private final String label;

    HandshakeResult(String label) {
        this.label = label;
    }

    /** The label value. */
    public String label() {
        return label;
    }
}
