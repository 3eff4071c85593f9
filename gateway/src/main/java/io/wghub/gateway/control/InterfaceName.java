package io.wghub.gateway.control;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Derives the interface name from a config file's name, as wg-quick does: wg0.conf is wg0. */
final class InterfaceName {
    private static final String SUFFIX = ".conf";
    /** IFNAMSIZ is 16 bytes including the terminating NUL. */
    private static final int MAX_BYTES = io.wghub.tun.InterfaceName.MAX_BYTES;

    private InterfaceName() {
    }

    static String of(Path file) throws ConfigException {
        String source = file.toString();
        Path fileName = file.getFileName();
        String base = fileName == null ? "" : fileName.toString();
        if (!base.endsWith(SUFFIX)) {
            throw new ConfigException(source, "the file name must end in " + SUFFIX + ", as wg-quick"
                    + " requires, since the interface takes its name from it; rename it like wg0.conf");
        }
        String name = base.substring(0, base.length() - SUFFIX.length());
        String problem = problem(name);
        if (problem != null) {
            throw new ConfigException(source, "interface name " + Quote.value(name) + " (the file name"
                    + " without .conf) " + problem + "; rename the file like wg0.conf");
        }
        return name;
    }

    /** What Linux (dev_valid_name) would refuse in {@code name}, as a phrase; or null. */
    private static String problem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return "is " + bytes + " bytes long, more than Linux's " + MAX_BYTES;
        }
        if (name.equals(".") || name.equals("..")) {
            return "is not allowed by Linux";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':') {
                return "contains '" + c + "', which Linux does not allow";
            }
            // Linux refuses white space; control characters are refused too, as no tool shows them.
            if (c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "contains white space or a control character, which is not allowed";
            }
        }
        return null;
    }
}
