package io.wghub.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wghub.metrics.ExpositionText.Type;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Label blocks and family metadata lines, byte for byte, in both formats. */
class ExpositionTextTest {

    private static String labels(String... namesAndValues) {
        String[] names = new String[namesAndValues.length / 2];
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = namesAndValues[2 * i];
            values[i] = namesAndValues[2 * i + 1];
        }
        return new String(ExpositionText.labels(names, values), StandardCharsets.UTF_8);
    }

    @Test
    void labelValuesEscapeBackslashQuoteAndNewlineOnly() {
        assertEquals("{a=\"\"}", labels("a", ""));
        assertEquals("{a=\"x\",b=\"y\"}", labels("a", "x", "b", "y"));
        assertEquals("{n=\"c:\\\\temp\\\\\"}", labels("n", "c:\\temp\\"));
        assertEquals("{n=\"say \\\"hi\\\"\"}", labels("n", "say \"hi\""));
        assertEquals("{n=\"two\\nlines\"}", labels("n", "two\nlines"));
        // Nothing else is escaped: tabs, carriage returns, braces, commas, '=' and non-ASCII go through as UTF-8.
        assertEquals("{n=\"\t\r{},= ünï ☃ 😀\"}", labels("n", "\t\r{},= ünï ☃ 😀"));
        // A trailing backslash cannot swallow the closing quote.
        assertEquals("{n=\"\\\\\"}", labels("n", "\\"));
    }

    @Test
    void labelBlocksAreUtf8() {
        assertArrayEquals(new byte[] {'{', 'n', '=', '"', (byte) 0xC3, (byte) 0xA9, '"', '}'},
                ExpositionText.labels(new String[] {"n"}, new String[] {"\u00e9"}));
    }

    private static String header(ScrapeFormat f, Type t, String name, String unit, String help) {
        return new String(ExpositionText.header(f, t, name, unit, help), StandardCharsets.UTF_8);
    }

    @Test
    void counterMetadataPerFormat() {
        assertEquals("# HELP wireguard_sent_bytes_total Bytes sent to the peer\n"
                        + "# TYPE wireguard_sent_bytes_total counter\n",
                header(ScrapeFormat.PROMETHEUS_TEXT, Type.COUNTER, "wireguard_sent_bytes", "bytes", "Bytes sent to the peer"));
        assertEquals("# TYPE wireguard_sent_bytes counter\n"
                        + "# UNIT wireguard_sent_bytes bytes\n"
                        + "# HELP wireguard_sent_bytes Bytes sent to the peer\n",
                header(ScrapeFormat.OPENMETRICS, Type.COUNTER, "wireguard_sent_bytes", "bytes", "Bytes sent to the peer"));
        assertEquals("wireguard_sent_bytes_total", new String(ExpositionText.sampleName(Type.COUNTER, "wireguard_sent_bytes"),
                StandardCharsets.US_ASCII));
    }

    @Test
    void gaugeMetadataPerFormat() {
        assertEquals("# HELP wghub_peers Peers\n# TYPE wghub_peers gauge\n",
                header(ScrapeFormat.PROMETHEUS_TEXT, Type.GAUGE, "wghub_peers", null, "Peers"));
        assertEquals("# TYPE wghub_peers gauge\n# HELP wghub_peers Peers\n",
                header(ScrapeFormat.OPENMETRICS, Type.GAUGE, "wghub_peers", null, "Peers"));
        assertEquals("wghub_peers", new String(ExpositionText.sampleName(Type.GAUGE, "wghub_peers"), StandardCharsets.US_ASCII));
    }

    @Test
    void helpEscapesAsEachFormatRequires() {
        // Prometheus text: backslash and newline; OpenMetrics: also the double quote.
        assertEquals("# HELP x a \\\\ \"q\" \\n b\n# TYPE x gauge\n",
                header(ScrapeFormat.PROMETHEUS_TEXT, Type.GAUGE, "x", null, "a \\ \"q\" \n b"));
        assertEquals("# TYPE x gauge\n# HELP x a \\\\ \\\"q\\\" \\n b\n",
                header(ScrapeFormat.OPENMETRICS, Type.GAUGE, "x", null, "a \\ \"q\" \n b"));
    }
}
