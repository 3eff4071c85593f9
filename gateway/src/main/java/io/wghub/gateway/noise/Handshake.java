package io.wghub.gateway.noise;

import io.wghub.gateway.crypto.Tai64n;
import io.wghub.gateway.peer.IndexTable;
import io.wghub.gateway.peer.Peer;

import java.util.Arrays;

/**
 * One peer's side of the handshake: its static key, pre-shared key and precomputed
 * static-static secret, and the Noise state between two messages. Guarded by its own monitor.
 */
public final class Handshake implements IndexTable.Entry {
    /** Where the handshake is between messages. */
    enum State { ZEROED, CREATED_INITIATION, CONSUMED_INITIATION, CREATED_RESPONSE, CONSUMED_RESPONSE }

    private final Peer peer;
    private final byte[] remoteStatic;
    private final byte[] presharedKey = new byte[32];
    /** DH(our static, their static): the same for every handshake, so computed once. */
    final byte[] staticStatic = new byte[32];
    boolean staticStaticValid;
    /** The interface key pair {@link #staticStatic} was computed with. */
    LocalIdentity staticStaticFor;

    State state = State.ZEROED;
    final byte[] chainingKey = new byte[32];
    final byte[] hash = new byte[32];
    final byte[] ephemeralPrivate = new byte[32];
    final byte[] remoteEphemeral = new byte[32];
    int localIndex;
    int remoteIndex;
    /** Newest TAI64N accepted from this peer; an initiation must carry a newer one. */
    final byte[] latestTimestamp = new byte[Tai64n.LENGTH];
    long lastInitiationConsumedNanos;
    boolean consumedAnyInitiation;
    /** Set when the peer is removed: no handshake or session may start for it any more. */
    boolean dead;

    public Handshake(Peer peer, byte[] remoteStatic, byte[] presharedKey) {
        this.peer = peer;
        this.remoteStatic = remoteStatic.clone();
        setPresharedKey(presharedKey);
    }

    byte[] remoteStatic() {
        return remoteStatic;
    }

    byte[] presharedKey() {
        return presharedKey;
    }

    /** A copy of the pre-shared key (all zero for none), for the UAPI's get; the caller wipes it. */
    public synchronized byte[] copyPresharedKey() {
        return presharedKey.clone();
    }

    /** @param key 32 bytes, or null for none (an all-zero key, as the protocol defines) */
    public synchronized void setPresharedKey(byte[] key) {
        if (key == null) {
            Arrays.fill(presharedKey, (byte) 0);
        } else {
            System.arraycopy(key, 0, presharedKey, 0, 32);
        }
    }

    @Override
    public synchronized int localIndex() {
        return localIndex;
    }

    @Override
    public Peer peer() {
        return peer;
    }

    /** Forgets the Noise state in progress (not the static keys nor the latest timestamp). */
    synchronized void zero(IndexTable indices) {
        if (state != State.ZEROED) {
            indices.remove(localIndex, this);
        }
        Arrays.fill(chainingKey, (byte) 0);
        Arrays.fill(hash, (byte) 0);
        Arrays.fill(ephemeralPrivate, (byte) 0);
        Arrays.fill(remoteEphemeral, (byte) 0);
        localIndex = 0;
        remoteIndex = 0;
        state = State.ZEROED;
    }

    /**
     * Zeroes all key material of this peer's handshake, pre-shared key included, and marks it
     * dead so that no later message can start a handshake or session: for peer removal only.
     * The idle-time erasure keeps the pre-shared key (see {@code HandshakeProtocol.zeroKeyMaterial}).
     */
    public synchronized void clear(IndexTable indices) {
        dead = true;
        zero(indices);
        Arrays.fill(presharedKey, (byte) 0);
        Arrays.fill(staticStatic, (byte) 0);
        staticStaticValid = false;
        staticStaticFor = null;
    }
}
