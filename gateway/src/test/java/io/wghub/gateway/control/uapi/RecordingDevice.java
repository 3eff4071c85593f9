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
        return copyOf(snapshot);
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
            applied.add(copyOf(request)); // the server wipes the request's keys once apply returns
        }
    }

    /** As a real device does: every snapshot holds its own key copies, which the server wipes after use. */
    private static DeviceSnapshot copyOf(DeviceSnapshot s) {
        List<PeerSnapshot> peers = new java.util.ArrayList<>();
        for (PeerSnapshot p : s.peers()) {
            peers.add(new PeerSnapshot(p.publicKey().clone(), p.presharedKey() == null ? null : p.presharedKey().clone(),
                    p.endpoint(), p.lastHandshakeEpochNanos(), p.rxBytes(), p.txBytes(), p.persistentKeepalive(),
                    p.allowedIps()));
        }
        return new DeviceSnapshot(s.privateKey() == null ? null : s.privateKey().clone(), s.listenPort(), s.fwmark(), peers);
    }

    private static SetRequest copyOf(SetRequest r) {
        List<PeerChange> peers = new java.util.ArrayList<>();
        for (PeerChange c : r.peers()) {
            peers.add(new PeerChange(c.publicKey().clone(), c.remove(), c.updateOnly(),
                    c.presharedKey() == null ? null : c.presharedKey().clone(), c.endpoint(), c.persistentKeepalive(),
                    c.replaceAllowedIps(), c.allowedIps()));
        }
        return new SetRequest(r.privateKey() == null ? null : r.privateKey().clone(), r.listenPort(), r.fwmark(),
                r.replacePeers(), peers);
    }
}
