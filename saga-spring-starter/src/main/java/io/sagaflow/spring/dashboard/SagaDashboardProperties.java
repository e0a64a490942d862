package io.sagaflow.spring.dashboard;

import io.sagaflow.spi.SagaQuery;
import java.time.Duration;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the saga dashboard, bound from {@code sagaflow.dashboard.*}.
 *
 * <p>Immutable and thread-safe. The constructor checks every value and throws {@link IllegalArgumentException}
 * naming the property and the bad value.
 *
 * @param enabled whether the dashboard, its API and its event stream are served at all; off by default because
 *     they show saga data and let whoever reaches them retry and abort sagas
 * @param path where the page is served, relative to the servlet context: starts with {@code /}, no trailing
 *     {@code /}; the API lives under {@code {path}/api}. Secure it with the application's Spring Security rules
 * @param pageSize sagas per page when the request does not say
 * @param maxPageSize the largest page a request may ask for (at most {@link SagaQuery#MAX_LIMIT} - 1)
 * @param eventStreamTimeout how long one Server-Sent Events connection stays open before the browser reconnects
 * @param showData whether the saga detail includes the saga's data; turn off when it holds personal data
 * @since 0.1
 */
@ConfigurationProperties("sagaflow.dashboard")
public record SagaDashboardProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue(SagaDashboardProperties.DEFAULT_PATH) String path,
        @DefaultValue("" + SagaDashboardProperties.DEFAULT_PAGE_SIZE) int pageSize,
        @DefaultValue("" + SagaDashboardProperties.DEFAULT_MAX_PAGE_SIZE) int maxPageSize,
        @DefaultValue(SagaDashboardProperties.DEFAULT_EVENT_STREAM_TIMEOUT) Duration eventStreamTimeout,
        @DefaultValue("true") boolean showData) {

    /** Default {@link #path()}. */
    public static final String DEFAULT_PATH = "/sagaflow";
    /** Default {@link #pageSize()}. */
    public static final int DEFAULT_PAGE_SIZE = 50;
    /** Default {@link #maxPageSize()}. */
    public static final int DEFAULT_MAX_PAGE_SIZE = 200;
    /** Default {@link #eventStreamTimeout()}, as a property value. */
    public static final String DEFAULT_EVENT_STREAM_TIMEOUT = "30m";

    private static final Pattern PATH = Pattern.compile("(/(?!\\.{1,2}(?:/|$))[A-Za-z0-9._~-]+)+");

    /** Checks every value. */
    public SagaDashboardProperties {
        if (path == null || !PATH.matcher(path).matches()) {
            throw new IllegalArgumentException("sagaflow.dashboard.path must look like /sagaflow (segments of"
                    + " letters, digits, . _ ~ -, no . or .. segment, no trailing /), was '" + path + "'");
        }
        if (maxPageSize < 1 || maxPageSize >= SagaQuery.MAX_LIMIT) {
            throw new IllegalArgumentException("sagaflow.dashboard.max-page-size must be 1 to "
                    + (SagaQuery.MAX_LIMIT - 1) + ", was " + maxPageSize);
        }
        if (pageSize < 1 || pageSize > maxPageSize) {
            throw new IllegalArgumentException("sagaflow.dashboard.page-size must be 1 to max-page-size ("
                    + maxPageSize + "), was " + pageSize);
        }
        if (eventStreamTimeout == null || eventStreamTimeout.isNegative() || eventStreamTimeout.isZero()) {
            throw new IllegalArgumentException("sagaflow.dashboard.event-stream-timeout must be positive, was "
                    + eventStreamTimeout);
        }
    }

    /** @return the defaults, dashboard off */
    public static SagaDashboardProperties ofDefaults() {
        return new SagaDashboardProperties(false, DEFAULT_PATH, DEFAULT_PAGE_SIZE, DEFAULT_MAX_PAGE_SIZE,
                Duration.ofMinutes(30), true);
    }
}
