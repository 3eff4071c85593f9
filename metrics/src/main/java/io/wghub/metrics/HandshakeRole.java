package io.wghub.metrics;

/** Our side of a handshake: the {@code role} label of {@code wghub_handshakes_total}. */
public enum HandshakeRole {
    /** We sent the initiation. */
    INITIATOR("initiator"),
    /** The peer sent the initiation and we answered. */
    RESPONDER("responder");

    private final String label;

    HandshakeRole(String label) {
        this.label = label;
    }

    /** The label value. */
    public String label() {
        return label;
    }
}
