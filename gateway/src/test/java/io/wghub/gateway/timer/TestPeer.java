package io.wghub.gateway.timer;

/** A stand-in for the gateway's Peer: a name and the timers the wheel made for it. */
final class TestPeer {
    final String name;
    PeerTimers<TestPeer> timers;

    TestPeer(String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return name;
    }
}
