package io.wghub.gateway.peer;

import io.netty.buffer.ByteBuf;

import java.util.ArrayDeque;

/**
 * Inner packets for a peer that wait for a session (whitepaper §6.2 "handshake on demand"):
 * bounded like Linux's MAX_STAGED_PACKETS, the oldest is dropped when full. Only the path
 * without a usable session touches it, so a lock is fine here.
 */
public final class StagedPackets {
    /** Linux's MAX_STAGED_PACKETS. */
    public static final int CAPACITY = 128;

    private final ArrayDeque<ByteBuf> packets = new ArrayDeque<>();
    /** Set when the peer is removed: whatever arrives later is released at once, never kept. */
    private boolean closed;
    /** Read without the lock on the send path to skip the queue when it is empty. */
    private volatile int size;

    /**
     * Adds a packet (ownership passes to the queue).
     *
     * @return true when the queue was full and its oldest packet was dropped (released)
     */
    public synchronized boolean add(ByteBuf packet) {
        if (closed) {
            packet.release();
            return true;
        }
        boolean dropped = false;
        if (packets.size() == CAPACITY) {
            packets.pollFirst().release();
            dropped = true;
        }
        packets.addLast(packet);
        size = packets.size();
        return dropped;
    }

    /** Takes the oldest packet (ownership passes to the caller), or null. */
    public synchronized ByteBuf poll() {
        ByteBuf packet = packets.pollFirst();
        size = packets.size();
        return packet;
    }

    /** Puts a packet that could not be sent back at the front. */
    public synchronized void pushBack(ByteBuf packet) {
        if (closed) {
            packet.release();
            return;
        }
        packets.addFirst(packet);
        size = packets.size();
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** For a removed peer: releases every packet, now and whenever one is added later. */
    public synchronized void close() {
        closed = true;
        clear();
    }

    /** Releases every packet and returns how many there were. */
    public synchronized int clear() {
        int count = packets.size();
        for (ByteBuf packet; (packet = packets.pollFirst()) != null; ) {
            packet.release();
        }
        size = 0;
        return count;
    }
}
