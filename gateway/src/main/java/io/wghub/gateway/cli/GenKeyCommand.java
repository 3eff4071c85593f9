package io.wghub.gateway.cli;

import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.crypto.X25519;
import picocli.CommandLine.Command;

import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code wghub genkey}: a new private key on stdout, as {@code wg genkey} prints it. */
@Command(name = "genkey", description = "Print a new random private key (base64), like 'wg genkey'.")
final class GenKeyCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        KeyOutput.warnIfWorldReadable();
        byte[] key = new byte[X25519.KEY_LENGTH];
        X25519.generatePrivateKey(key);
        System.out.println(KeyEncoding.toBase64(key));
        Arrays.fill(key, (byte) 0);
        return 0;
    }
}
