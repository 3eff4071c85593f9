package io.wghub.gateway.cli;

import io.wghub.gateway.crypto.KeyEncoding;
import picocli.CommandLine.Command;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Callable;

/** {@code wghub genpsk}: a new pre-shared key on stdout, as {@code wg genpsk} prints it. */
@Command(name = "genpsk", description = "Print a new random pre-shared key (base64), like 'wg genpsk'.")
final class GenPskCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        KeyOutput.warnIfWorldReadable();
        byte[] key = new byte[KeyEncoding.KEY_LENGTH];
        new SecureRandom().nextBytes(key);
        System.out.println(KeyEncoding.toBase64(key));
        Arrays.fill(key, (byte) 0);
        return 0;
    }
}
