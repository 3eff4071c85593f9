package io.wghub.gateway.timer;

/** One action the wheel asked for: which, for whom, at what time, with what attempt number. */
record Fired(Kind kind, TestPeer peer, long at, int attempt) {
    enum Kind { RETRY, GAVE_UP, INITIATE, KEEPALIVE, ZERO_KEYS }
}
