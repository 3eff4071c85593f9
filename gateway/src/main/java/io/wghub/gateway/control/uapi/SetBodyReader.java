package io.wghub.gateway.control.uapi;

import java.io.IOException;

/** Reads the lines of one set=1 request up to its blank line, within {@link UapiCodec}'s size limits. */
final class SetBodyReader {
    private SetBodyReader() {
    }

    /**
     * The parsed request or why there is none.
     *
     * @param request        non-null exactly when {@code error} is null
     * @param error          the first problem found
     * @param keepConnection whether the stream is still in step (the blank line was read), so the
     *                       next request can follow on the same connection
     */
    record Outcome(SetRequest request, UapiException error, boolean keepConnection) {
    }

    /**
     * Parses lines until the blank line. After a malformed line the rest of the request is still
     * read (and dropped), so the connection stays in step; an over-long line, an over-large
     * request or the end of the stream before the blank line ends the connection.
     */
    static Outcome read(RequestReader in) throws IOException {
        SetParser parser = new SetParser();
        UapiException error = null;
        long total = 0;
        while (true) {
            int length;
            try {
                length = in.readLine();
            } catch (UapiException tooLong) {
                return new Outcome(null, tooLong, false);
            }
            if (length < 0) {
                return new Outcome(null, new UapiException(UapiException.EPROTO,
                        "the request ended before the blank line that completes it; nothing was applied"), false);
            }
            total += length + 1;
            if (total > UapiCodec.MAX_REQUEST_BYTES) {
                return new Outcome(null, new UapiException(UapiException.ENOMEM,
                        "the request is larger than " + UapiCodec.MAX_REQUEST_BYTES + " bytes"), false);
            }
            if (length == 0) {
                return error == null ? new Outcome(parser.finish(), null, true) : new Outcome(null, error, true);
            }
            if (error == null) {
                try {
                    parser.line(in.line(), length);
                } catch (UapiException e) {
                    error = e;
                }
            }
        }
    }
}
