package io.wghub.gateway.cli;

import io.wghub.gateway.crypto.KeyEncoding;
import io.wghub.gateway.crypto.X25519;
import io.wghub.gateway.testing.Processes;
import io.wghub.gateway.testing.Processes.Result;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** genkey, pubkey and genpsk behave like wg(8)'s, checked against the real wg when installed. */
class KeyCommandsTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static Result wghub(byte[] stdin, String... args) {
        List<String> command = Processes.wghub(args);
        return Processes.run(stdin, command.toArray(String[]::new));
    }

    private static void assumeWg() {
        boolean present = Processes.onPath("wg");
        if (!present) {
            System.out.println("SKIPPED KeyCommandsTest comparison with wg: wg (wireguard-tools) is not installed;"
                    + " .ci/run installs it");
        }
        assumeTrue(present, "wg (wireguard-tools) is not installed");
    }

    @Test
    void genkeyPrintsAClampedKeyThatWgAccepts() {
        Result result = wghub(new byte[0], "genkey");
        assertEquals(0, result.exitCode(), result.stderr());
        String line = result.stdout();
        assertTrue(line.endsWith("\n"));
        byte[] key = KeyEncoding.fromBase64(line.trim(), "genkey output");
        assertEquals(0, key[0] & 7, "clamped: low three bits clear");
        assertEquals(0x40, key[31] & 0xc0, "clamped: top bit clear, second bit set");
        assertNotEquals(line, wghub(new byte[0], "genkey").stdout(), "two keys differ");
        if (Processes.onPath("wg")) {
            Result wg = Processes.run(line.getBytes(StandardCharsets.US_ASCII), "wg", "pubkey");
            Result ours = wghub(line.getBytes(StandardCharsets.US_ASCII), "pubkey");
            assertEquals(0, wg.exitCode());
            assertEquals(wg.stdout(), ours.stdout());
        }
    }

    @Test
    void genpskPrints32RandomBytes() {
        Result result = wghub(new byte[0], "genpsk");
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals(32, Base64.getDecoder().decode(result.stdout().trim()).length);
        assertEquals(45, result.stdout().length(), "44 characters and a newline, as wg genpsk prints");
    }

    @Test
    void pubkeyMatchesWgForRandomUnclampedKeys() {
        assumeWg();
        for (int i = 0; i < 40; i++) {
            byte[] raw = new byte[32];
            RANDOM.nextBytes(raw);
            String input = Base64.getEncoder().encodeToString(raw) + "\n";
            Result wg = Processes.run(input.getBytes(StandardCharsets.US_ASCII), "wg", "pubkey");
            assertEquals(0, wg.exitCode(), wg.stderr());
            byte[] ours = new byte[32];
            X25519.publicKey(raw, ours);
            assertEquals(wg.stdout(), KeyEncoding.toBase64(ours) + "\n", "key " + i);
        }
    }

    @Test
    void pubkeyAsAProcessMatchesWgIncludingInputForms() {
        assumeWg();
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String key = Base64.getEncoder().encodeToString(raw);
        for (String input : new String[]{key, key + "\n", key + " \t\r\n\n", key + "\0"}) {
            byte[] stdin = input.getBytes(StandardCharsets.US_ASCII);
            Result wg = Processes.run(stdin, "wg", "pubkey");
            Result ours = wghub(stdin, "pubkey");
            assertEquals(wg.exitCode(), ours.exitCode(), ours.stderr());
            assertEquals(wg.stdout(), ours.stdout());
        }
    }

    /** The same key with the unused low bits of its last base64 character set: wg refuses it. */
    private static String nonCanonical(String key) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int value = alphabet.indexOf(key.charAt(42));
        return key.substring(0, 42) + alphabet.charAt(value | 1) + "=";
    }

    @Test
    void badInputToPubkeyIsOneLineOnStderrAndExitOne() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String key = Base64.getEncoder().encodeToString(raw);
        String[] bad = {
                "", "\n", key.substring(0, 43), key.substring(0, 43) + "\n", key.replace('=', 'A'),
                "!" + key.substring(1), " " + key, key + " trailing", key + key, nonCanonical(key),
        };
        for (String input : bad) {
            byte[] stdin = input.getBytes(StandardCharsets.US_ASCII);
            Result ours = wghub(stdin, "pubkey");
            assertEquals(1, ours.exitCode(), "input '" + input + "'");
            assertEquals("", ours.stdout());
            assertTrue(ours.stderr().startsWith("wghub pubkey: "), ours.stderr());
            assertEquals(1, ours.stderr().lines().count(), "one line: " + ours.stderr());
            assertFalse(ours.stderr().contains(key.substring(0, 43)), "never echoes the key");
            if (Processes.onPath("wg")) {
                assertEquals(1, Processes.run(stdin, "wg", "pubkey").exitCode(), "wg refuses '" + input + "' too");
            }
        }
    }
}
