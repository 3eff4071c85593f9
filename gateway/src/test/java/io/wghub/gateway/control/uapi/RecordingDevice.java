package io.wghub.gateway.control.uapi;

import java.util.ArrayList;
import java.util.List;

/** A fake interface: reports a settable snapshot and records every request it is asked to apply. */
final class RecordingDevice implements UapiDevice {
    private final List<SetRequest> applied = new ArrayList<>();
    private volatile DeviceSnapshot snapshot = new DeviceSnapshot(null, 0, 0, List.of());
    private volatile UapiException refusal;
    private volatile RuntimeException bug;
    private volatile long applyMillis;

    void snapshot(DeviceSnapshot next) {
        snapshot = next;
    }

    /** Makes apply() fail with this exception (null: succeed). */
    void refuseWith(UapiException exception) {
        refusal = exception;
    }

    /** Makes apply() and snapshot() throw this (null: behave). */
    void breakWith(RuntimeException exception) {
        bug = exception;
    }

    /** Makes apply() take this long, to test that calls are serialized. */
    void slowApply(long millis) {
        applyMillis = millis;
    }

    synchronized List<SetRequest> applied() {
        return List.copyOf(applied);
    }

    @Override
    public DeviceSnapshot snapshot() {
        if (bug != null) {
            throw bug;
        }
        return snapshot;
    }

    private int inside;
    private int maxInside;

    synchronized int maxConcurrentApplies() {
        return maxInside;
    }

    @Override
    public void apply(SetRequest request) throws UapiException {
        synchronized (this) {
            inside++;
            maxInside = Math.max(maxInside, inside);
        }
        try {
            if (applyMillis > 0) {
                Thread.sleep(applyMillis);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                inside--;
            }
        }
        if (bug != null) {
            throw bug;
        }
        if (refusal != null) {
            throw refusal;
        }
        synchronized (this) {
            applied.add(request);
        }
    }
}
