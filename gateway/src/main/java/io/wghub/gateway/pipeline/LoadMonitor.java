package io.wghub.gateway.pipeline;

/**
 * One event loop's "under load" signal (whitepaper §5.4.7): more handshake messages in an
 * eighth of a second than the loop should spend its time on. Once set it holds for a second
 * after the last busy window, as in wireguard-go, so a flood cannot flap it. Loop thread only.
 */
final class LoadMonitor {
    private static final long WINDOW_NANOS = 125_000_000L;
    private static final long HOLD_NANOS = 1_000_000_000L;

    private final int perWindow;
    private long windowStart;
    private int inWindow;
    /** Written by the loop; read by the metrics scrape too, hence volatile. */
    private volatile long underLoadUntil;
    private volatile boolean everUnderLoad;

    /** @param handshakesPerSecond handshake messages per second the loop takes before asking for cookies; 0: always */
    LoadMonitor(int handshakesPerSecond) {
        this.perWindow = handshakesPerSecond / 8;
    }

    /** Records a handshake message and says whether the loop is under load now. */
    boolean handshakeArrived(long nowNanos) {
        if (nowNanos - windowStart >= WINDOW_NANOS) {
            windowStart = nowNanos;
            inWindow = 0;
        }
        if (++inWindow > perWindow) {
            underLoadUntil = nowNanos + HOLD_NANOS;
            everUnderLoad = true;
        }
        return underLoad(nowNanos);
    }


    /** Whether the loop is under load now; any thread. */
    boolean underLoad(long nowNanos) {
        return everUnderLoad && nowNanos - underLoadUntil < 0;
    }
}
