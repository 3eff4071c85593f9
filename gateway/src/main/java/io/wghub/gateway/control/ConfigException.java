package io.wghub.gateway.control;

import java.util.Objects;

/** A configuration that cannot be used, explained in one line: "SOURCE:LINE: problem; fix". */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    /**
     * @param source the file (or other origin) the text came from, as the user named it
     * @param line   1-based line the problem is on
     * @param problem what is wrong and how to fix it, separated by "; "
     */
    public ConfigException(String source, int line, String problem) {
        super(Quote.oneLine(Objects.requireNonNull(source, "source") + ":" + line + ": " + problem));
        if (line < 1) {
            throw new IllegalArgumentException("line must be 1 or more, got " + line);
        }
        this.source = source;
        this.line = line;
    }

    /** A problem with the file as a whole (it cannot be read, it is too large): "SOURCE: problem; fix". */
    public ConfigException(String source, String problem) {
        super(Quote.oneLine(Objects.requireNonNull(source, "source") + ": " + problem));
        this.source = source;
        this.line = 0;
    }

    ConfigException(String source, String problem, Throwable cause) {
        this(source, problem);
        initCause(cause);
    }

    public String source() {
        return source;
    }

    /** The 1-based line of the problem, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
