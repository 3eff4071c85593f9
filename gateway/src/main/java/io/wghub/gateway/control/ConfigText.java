package io.wghub.gateway.control;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Checks a config as text before it is parsed: its size, its encoding, no NUL characters. */
final class ConfigText {
    /** Far beyond any real file (a peer takes about 200 bytes), yet safe to hold in memory. */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    private ConfigText() {
    }

    /** Strict UTF-8, as the rest of the system writes; a bad byte is reported with its line. */
    static String decode(byte[] bytes, String source) throws ConfigException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        // UTF-8 never yields more UTF-16 units than it has bytes.
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                line += bytes[i] == '\n' ? 1 : 0;
            }
            throw new ConfigException(source, line, String.format("the file is not valid UTF-8"
                    + " (byte 0x%02x); save it as UTF-8 text", bytes[at] & 0xff));
        }
        return out.flip().toString();
    }

    /**
     * The text to parse, without a leading byte order mark (editors on Windows add one).
     *
     * @throws ConfigException if the text is too large or holds a NUL or an unpaired surrogate
     */
    static String check(String text, String source) throws ConfigException {
        if (text.length() > MAX_BYTES) {
            throw tooLarge(source);
        }
        int line = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
            } else if (c == '\0') {
                throw new ConfigException(source, line, "the file contains a NUL byte, so it is not a"
                        + " text file; check that this is the right file");
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new ConfigException(source, line, "the text holds an unpaired UTF-16 surrogate,"
                        + " which is not a character; save the file as UTF-8 text");
            }
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    static ConfigException tooLarge(String source) {
        return new ConfigException(source, "is larger than " + (MAX_BYTES >> 20) + " MiB, far more"
                + " than any WireGuard configuration; check that this is the right file");
    }

    /**
     * Removes the white space wg skips (ASCII isspace, bar the newline that ends a line) from
     * both ends; other Unicode spaces stay, so that they show up as errors rather than vanish.
     */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000b';
    }
}
