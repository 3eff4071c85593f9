package io.wghub.bench;

import io.wghub.gateway.crypto.X25519;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Handshake-path X25519 cost: variable-base Diffie-Hellman and fixed-base public key derivation. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class X25519Benchmark {

    private final byte[] privateKey = new byte[X25519.KEY_LENGTH];
    private final byte[] peerPublic = new byte[X25519.KEY_LENGTH];
    private final byte[] out = new byte[X25519.KEY_LENGTH];

    @Setup
    public void setUp() {
        X25519.generatePrivateKey(privateKey);
        byte[] peerPrivate = new byte[X25519.KEY_LENGTH];
        X25519.generatePrivateKey(peerPrivate);
        X25519.publicKey(peerPrivate, peerPublic);
        Arrays.fill(peerPrivate, (byte) 0);
    }

    @Benchmark
    public byte[] sharedSecret() {
        if (!X25519.sharedSecret(privateKey, peerPublic, out)) {
            throw new IllegalStateException("low-order result from a valid public key");
        }
        return out;
    }

    /** BouncyCastle's variable-base X25519 on the same inputs, for a side-by-side ratio with {@link #sharedSecret}. */
    @Benchmark
    public byte[] sharedSecretBouncyCastle() {
        if (!org.bouncycastle.math.ec.rfc7748.X25519.calculateAgreement(privateKey, 0, peerPublic, 0, out, 0)) {
            throw new IllegalStateException("low-order result from a valid public key");
        }
        return out;
    }

    @Benchmark
    public byte[] publicKey() {
        X25519.publicKey(privateKey, out);
        return out;
    }

    /** BouncyCastle's fixed-base X25519 on the same key, for a side-by-side ratio with {@link #publicKey}. */
    @Benchmark
    public byte[] publicKeyBouncyCastle() {
        org.bouncycastle.math.ec.rfc7748.X25519.generatePublicKey(privateKey, 0, out, 0);
        return out;
    }
}
