package io.wghub.metrics;

import java.util.Locale;

/** The two exposition formats and the Accept-header negotiation between them. */
public enum ScrapeFormat {
    /** Prometheus text format 0.0.4, the default. */
    PROMETHEUS_TEXT("text/plain; version=0.0.4; charset=utf-8"),
    /** OpenMetrics 1.0.0 text, when the scraper accepts it. */
    OPENMETRICS("application/openmetrics-text; version=1.0.0; charset=utf-8");

    private final String contentType;

    ScrapeFormat(String contentType) {
        this.contentType = contentType;
    }

    /** The response Content-Type. */
    public String contentType() {
        return contentType;
    }

    /** OpenMetrics if the Accept header names {@code application/openmetrics-text}, otherwise Prometheus text. */
    public static ScrapeFormat negotiate(String accept) {
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains("application/openmetrics-text")) {
            return OPENMETRICS;
        }
        return PROMETHEUS_TEXT;
    }
}
