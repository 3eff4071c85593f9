package io.wghub.gateway.timer;

/** Actions that do nothing, for tests that measure the wheel rather than what it asks for. */
class NoOpActions<P> implements TimerActions<P> {
    @Override
    public void retryHandshake(P peer, int attempt, long nowNanos) {
    }

    @Override
    public void handshakeGaveUp(P peer, int attempts, long nowNanos) {
    }

    @Override
    public void initiateHandshake(P peer, long nowNanos) {
    }

    @Override
    public void sendKeepalive(P peer, long nowNanos) {
    }

    @Override
    public void zeroKeyMaterial(P peer, long nowNanos) {
    }
}
