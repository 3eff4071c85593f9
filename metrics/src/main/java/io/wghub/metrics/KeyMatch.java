package io.wghub.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Checks that a PEM PKCS#8 key belongs to the first certificate of a PEM chain, by signing and verifying a challenge. */
final class KeyMatch {

    private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String END = "-----END PRIVATE KEY-----";

    private KeyMatch() {
    }

    /**
     * Returns normally when the key matches or cannot be checked here (not PKCS#8, unknown algorithm: the TLS
     * library has accepted it); throws a one-line IOException when the key provably belongs to another certificate.
     */
    static void check(Path certFile, Path keyFile) throws IOException {
        X509Certificate cert;
        try (InputStream in = Files.newInputStream(certFile)) {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException | ClassCastException e) {
            return;
        }
        String pem = Files.readString(keyFile, StandardCharsets.US_ASCII);
        int b = pem.indexOf(BEGIN);
        int e = pem.indexOf(END);
        if (b < 0 || e < b) {
            return;
        }
        PublicKey pub = cert.getPublicKey();
        String alg = pub.getAlgorithm();
        String sigAlg = switch (alg) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> alg;
            default -> null;
        };
        if (sigAlg == null) {
            return;
        }
        boolean matches;
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem.substring(b + BEGIN.length(), e));
            PrivateKey key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            byte[] challenge = "wghub metrics key check".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(sigAlg);
            s.initSign(key);
            s.update(challenge);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(sigAlg);
            v.initVerify(pub);
            v.update(challenge);
            matches = v.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException ex) {
            // a key of another algorithm than the certificate's cannot match it
            matches = false;
        }
        if (!matches) {
            throw new IOException("metrics: TLS key " + keyFile + " does not belong to the certificate in " + certFile);
        }
    }
}
