package io.wghub.gateway.cli;

import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.crypto.X25519;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code wghub pubkey}: reads a private key on stdin and prints its public key, like {@code wg pubkey}. */
@Command(name = "pubkey", description = "Read a private key (base64) on stdin, print its public key, like 'wg pubkey'.")
final class PubKeyCommand implements Callable<Integer> {
    @Override
    public Integer call() throws IOException {
        byte[] privateKey;
        try {
            privateKey = readKey(System.in);
        } catch (IllegalArgumentException e) {
            System.err.println("wghub pubkey: " + e.getMessage());
            return 1;
        }
        byte[] publicKey = new byte[X25519.KEY_LENGTH];
        X25519.publicKey(privateKey, publicKey);
        Arrays.fill(privateKey, (byte) 0);
        System.out.println(KeyEncoding.toBase64(publicKey));
        return 0;
    }

    /**
     * As wg pubkey: exactly 44 key characters first, then nothing but whitespace (or NULs).
     */
    static byte[] readKey(InputStream in) throws IOException {
        byte[] text = in.readNBytes(KeyEncoding.BASE64_LENGTH);
        String fix = "pipe in a private key as 'wghub genkey' prints it, e.g. 'wghub genkey | wghub pubkey'";
        if (text.length != KeyEncoding.BASE64_LENGTH) {
            throw new IllegalArgumentException("stdin holds " + text.length
                    + " characters, not a 44-character key: " + fix);
        }
        for (int c = in.read(); c != -1; c = in.read()) {
            if (c != 0 && c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != 0x0b && c != '\f') {
                Arrays.fill(text, (byte) 0);
                throw new IllegalArgumentException("characters follow the key on stdin: " + fix);
            }
        }
        try {
            return KeyEncoding.fromBase64(new String(text, StandardCharsets.US_ASCII), "stdin");
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }
}
