package io.wghub.gateway.peer;

import io.wghub.gateway.noise.CookieMaker;
import io.wghub.gateway.noise.Handshake;

/** A remote WireGuard peer: its handshake state, its sessions and its cookie state. */
public final class Peer {
    private final byte[] publicKey;
    private final Handshake handshake;
    private final Keypairs keypairs;
    private final CookieMaker cookieMaker;

    /**
     * @param publicKey    the peer's static public key (copied)
     * @param presharedKey the 32-byte pre-shared key, or null for none (copied)
     */
    public Peer(byte[] publicKey, byte[] presharedKey, IndexTable indices) {
        this.publicKey = publicKey.clone();
        this.handshake = new Handshake(this, publicKey, presharedKey);
        this.keypairs = new Keypairs(indices);
        this.cookieMaker = new CookieMaker(publicKey);
    }

    /** The peer's static public key; callers must not modify it. */
    public byte[] publicKey() {
        return publicKey;
    }

    public Handshake handshake() {
        return handshake;
    }

    public Keypairs keypairs() {
        return keypairs;
    }

    public CookieMaker cookieMaker() {
        return cookieMaker;
    }
}
