package io.wghub.gateway.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Lets tests in other packages feed bytes to pubkey's stdin parser. */
public final class PubKeyCommandAccess {
    private PubKeyCommandAccess() {
    }

    public static byte[] readKey(byte[] stdin) {
        try {
            return PubKeyCommand.readKey(new ByteArrayInputStream(stdin));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
