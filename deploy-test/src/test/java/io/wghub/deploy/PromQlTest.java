package io.wghub.deploy;

import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** PromQl finds the selectors of the kinds of expressions the dashboard and the rules use, and nothing else. */
class PromQlTest {
    @Test
    void selectorsOfAggregationsRatesAndHistograms() {
        assertEquals(List.of("wghub_packets_dropped_total{instance=~\".*\"}"),
                PromQl.selectors("sum by (instance, reason) (rate(wghub_packets_dropped_total{instance=~\".*\"}[5m] offset 5m)) > 10"));
        assertEquals(List.of("wghub_handshake_duration_seconds_bucket{le!=\"+Inf\"}"),
                PromQl.selectors("histogram_quantile(0.99, sum(rate(wghub_handshake_duration_seconds_bucket{le!=\"+Inf\"}[1m])) by (le))"));
        assertEquals(List.of("wireguard_latest_handshake_seconds", "wireguard_latest_handshake_seconds"),
                PromQl.selectors("time() - wireguard_latest_handshake_seconds > 180 and wireguard_latest_handshake_seconds > 0"));
        assertEquals(List.of("up{job=\"wghub\"}", "up{job=\"wghub\"}"),
                PromQl.selectors("up{job=\"wghub\"} == 0 or absent(up{job=\"wghub\"})"));
        assertEquals(List.of("a", "b:recorded", "{__name__=~\"c.*\"}"),
                PromQl.selectors("a * on (x) group_left (y) b:recorded + count({__name__=~\"c.*\"}) # a comment naming d"));
    }

    @Test
    void grafanaVariablesAreReplaced() {
        assertEquals("rate(x{instance=~\".*\"}[1m])", PromQl.withoutGrafanaVariables("rate(x{instance=~\"$instance\"}[$__rate_interval])"));
    }
}
