package io.wghub.gateway.timer;

/**
 * Counts actions per peer in plain arrays (they run on the wheel's thread only) and, like the
 * gateway, sends at once: retries re-initiate, keepalives count as sent packets. For many peers,
 * where recording every event would dwarf what is measured.
 */
final class CountingActions implements TimerActions<Integer> {
    final PeerTimers<?>[] timers;
    final int[] retries;
    final int[] gaveUp;
    final int[] initiated;
    final int[] keepalives;
    final int[] zeroed;

    CountingActions(int peers) {
        timers = new PeerTimers<?>[peers];
        retries = new int[peers];
        gaveUp = new int[peers];
        initiated = new int[peers];
        keepalives = new int[peers];
        zeroed = new int[peers];
    }

    @Override
    public void retryHandshake(Integer peer, int attempt, long nowNanos) {
        retries[peer]++;
        timers[peer].anyAuthenticatedPacketSent(nowNanos);
        timers[peer].handshakeInitiated(nowNanos);
    }

    @Override
    public void handshakeGaveUp(Integer peer, int attempts, long nowNanos) {
        gaveUp[peer]++;
    }

    @Override
    public void initiateHandshake(Integer peer, long nowNanos) {
        initiated[peer]++;
    }

    @Override
    public void sendKeepalive(Integer peer, long nowNanos) {
        keepalives[peer]++;
        timers[peer].anyAuthenticatedPacketSent(nowNanos);
    }

    @Override
    public void zeroKeyMaterial(Integer peer, long nowNanos) {
        zeroed[peer]++;
    }

    static int sum(int[] counts) {
        int sum = 0;
        for (int count : counts) {
            sum += count;
        }
        return sum;
    }
}
