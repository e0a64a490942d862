package io.sagaflow.rabbitmq;

import com.rabbitmq.client.ConnectionFactory;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * Settings of a {@link RabbitMqMessageBroker}: where the broker is, how to log in, how the topology is named and
 * shaped, and the limits of publishing and consuming. Immutable; start from {@link #ofDefaults()} (a local
 * development broker, classic queues), {@link #production()} (quorum queues) or {@link #builder()}.
 *
 * <p>{@link #toString()} never shows the password.
 *
 * @param host the broker's host name
 * @param port the AMQP port (5672, or 5671 with TLS)
 * @param virtualHost the virtual host
 * @param username the user
 * @param password the user's password; never logged
 * @param useTls connect with TLS; with {@code sslContext} null, the JVM's default trust store verifies the broker
 * @param sslContext the TLS context to use, or null for the JVM default (implies {@code useTls})
 * @param prefix the first segment of every exchange and queue name
 * @param quorumQueues declare quorum queues (replicated, with a broker-side delivery limit) instead of classic ones
 * @param prefetch unacknowledged messages per consumer channel
 * @param consumersPerSubscription consumer channels (and so handler threads) per subscription
 * @param maxMessageBytes the largest message body accepted; a larger delivery is dead-lettered, a larger publish
 *     refused
 * @param deliveryLimit deliveries of one message before it is dead-lettered with the handler's last error
 * @param redeliveryDelay the pause before a failed message is sent back to its queue, times the deliveries so far
 * @param confirmTimeout the longest wait for the broker to confirm a published message
 * @param publishAttempts how often an unconfirmed message is sent before publish gives up with a BrokerException
 * @param recoveryInterval the pause between attempts to reconnect after the connection dropped
 * @param connectionName shown in the management UI, suffixed with {@code -publish} and {@code -consume}
 * @param nio use the AMQP client's NIO sockets (true, the default): one I/O thread per connection writes what many
 *     publishing and acknowledging threads queued with one system call, where blocking sockets (false) take one
 *     write and flush per command on the calling thread
 * @since 0.1
 */
public record RabbitMqSettings(String host, int port, String virtualHost, String username, String password,
                               boolean useTls, @Nullable SSLContext sslContext, String prefix, boolean quorumQueues,
                               int prefetch, int consumersPerSubscription, int maxMessageBytes, int deliveryLimit,
                               Duration redeliveryDelay, Duration confirmTimeout, int publishAttempts,
                               Duration recoveryInterval, String connectionName, boolean nio) {

    /** Default host. */
    public static final String DEFAULT_HOST = "localhost";
    /** Default port. */
    public static final int DEFAULT_PORT = ConnectionFactory.DEFAULT_AMQP_PORT;
    /** Default virtual host. */
    public static final String DEFAULT_VIRTUAL_HOST = "/";
    /** Default user: RabbitMQ's {@code guest}, which only logs in from localhost. */
    public static final String DEFAULT_USERNAME = "guest";
    /** Default password. */
    public static final String DEFAULT_PASSWORD = "guest";
    /** Default name prefix. */
    public static final String DEFAULT_PREFIX = "sagaflow";
    /** Default prefetch per consumer channel. */
    public static final int DEFAULT_PREFETCH = 32;
    /** Default consumer channels per subscription. */
    public static final int DEFAULT_CONSUMERS_PER_SUBSCRIPTION = 2;
    /** Default largest message body: 1 MiB, the same as the Jackson codec's payload limit. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 1 << 20;
    /** Default deliveries before dead-lettering. */
    public static final int DEFAULT_DELIVERY_LIMIT = 5;
    /** Default base pause before a failed message is delivered again: 0.5 s, 1 s, 1.5 s, ... */
    public static final Duration DEFAULT_REDELIVERY_DELAY = Duration.ofMillis(500);
    /** Default confirm timeout. */
    public static final Duration DEFAULT_CONFIRM_TIMEOUT = Duration.ofSeconds(10);
    /** Default publish attempts per message. */
    public static final int DEFAULT_PUBLISH_ATTEMPTS = 3;
    /** Default pause between reconnection attempts. */
    public static final Duration DEFAULT_RECOVERY_INTERVAL = Duration.ofSeconds(2);
    /** Default connection name. */
    public static final String DEFAULT_CONNECTION_NAME = "sagaflow";
    /** Default socket mode: the AMQP client's NIO sockets. */
    public static final boolean DEFAULT_NIO = true;

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,49}");

    /**
     * Checks every setting.
     *
     * @throws IllegalArgumentException naming the setting and its value
     */
    public RabbitMqSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(virtualHost, "virtualHost");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(connectionName, "connectionName");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be 1..65535, was " + port);
        }
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("prefix must match " + PREFIX.pattern() + ", was '" + prefix + "'");
        }
        requireAtLeast(prefetch, 1, "prefetch");
        requireAtLeast(consumersPerSubscription, 1, "consumersPerSubscription");
        requireAtLeast(maxMessageBytes, 1, "maxMessageBytes");
        requireAtLeast(deliveryLimit, 1, "deliveryLimit");
        requireAtLeast(publishAttempts, 1, "publishAttempts");
        requirePositive(confirmTimeout, "confirmTimeout");
        Objects.requireNonNull(redeliveryDelay, "redeliveryDelay");
        if (redeliveryDelay.isNegative()) {
            throw new IllegalArgumentException("redeliveryDelay must not be negative, was " + redeliveryDelay);
        }
        requirePositive(recoveryInterval, "recoveryInterval");
        useTls = useTls || sslContext != null;
    }

    /** @return settings for a local development broker: guest on localhost, classic queues */
    public static RabbitMqSettings ofDefaults() {
        return builder().build();
    }

    /** @return a builder starting from the production profile: quorum queues, otherwise the defaults */
    public static Builder production() {
        return builder().quorumQueues(true);
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    private static void requireAtLeast(int value, int min, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
        }
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isZero() || duration.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }

    /** @return the settings with the password masked */
    @Override
    public String toString() {
        return "RabbitMqSettings[" + (useTls ? "amqps" : "amqp") + "://" + username + ":****@" + host + ":" + port
                + "/" + virtualHost + ", prefix=" + prefix + ", quorumQueues=" + quorumQueues + ", prefetch="
                + prefetch + ", consumersPerSubscription=" + consumersPerSubscription + ", maxMessageBytes="
                + maxMessageBytes + ", deliveryLimit=" + deliveryLimit + ", redeliveryDelay=" + redeliveryDelay
                + ", confirmTimeout=" + confirmTimeout
                + ", publishAttempts=" + publishAttempts + ", recoveryInterval=" + recoveryInterval
                + ", connectionName=" + connectionName + ", nio=" + nio + "]";
    }

    /** Builds {@link RabbitMqSettings}; every setter replaces the previous value. Not thread-safe. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String virtualHost = DEFAULT_VIRTUAL_HOST;
        private String username = DEFAULT_USERNAME;
        private String password = DEFAULT_PASSWORD;
        private boolean useTls;
        private @Nullable SSLContext sslContext;
        private String prefix = DEFAULT_PREFIX;
        private boolean quorumQueues;
        private int prefetch = DEFAULT_PREFETCH;
        private int consumersPerSubscription = DEFAULT_CONSUMERS_PER_SUBSCRIPTION;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private int deliveryLimit = DEFAULT_DELIVERY_LIMIT;
        private Duration redeliveryDelay = DEFAULT_REDELIVERY_DELAY;
        private Duration confirmTimeout = DEFAULT_CONFIRM_TIMEOUT;
        private int publishAttempts = DEFAULT_PUBLISH_ATTEMPTS;
        private Duration recoveryInterval = DEFAULT_RECOVERY_INTERVAL;
        private String connectionName = DEFAULT_CONNECTION_NAME;
        private boolean nio = DEFAULT_NIO;

        private Builder() {
        }

        /**
         * Sets host, port, virtual host, credentials and TLS from an AMQP URI.
         *
         * @param uri {@code amqp://user:pass@host:port/vhost} or {@code amqps://...}
         * @return this builder
         * @throws IllegalArgumentException if the URI is not an AMQP URI; the message does not repeat it
         */
        public Builder uri(String uri) {
            ConnectionFactory parsed = new ConnectionFactory();
            try {
                parsed.setUri(uri);
            } catch (java.net.URISyntaxException | java.security.GeneralSecurityException
                     | IllegalArgumentException e) {
                // The URI may hold a password: name the problem, not the value.
                throw new IllegalArgumentException("not an AMQP URI (amqp://user:pass@host:port/vhost): "
                        + e.getClass().getSimpleName(), null);
            }
            this.host = parsed.getHost();
            this.port = parsed.getPort();
            this.virtualHost = parsed.getVirtualHost();
            this.username = parsed.getUsername();
            this.password = parsed.getPassword();
            this.useTls = parsed.isSSL();
            return this;
        }

        /** @param value the host @return this builder */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /** @param value the port @return this builder */
        public Builder port(int value) {
            this.port = value;
            return this;
        }

        /** @param value the virtual host @return this builder */
        public Builder virtualHost(String value) {
            this.virtualHost = value;
            return this;
        }

        /**
         * @param user the user
         * @param secret the password
         * @return this builder
         */
        public Builder credentials(String user, String secret) {
            this.username = user;
            this.password = secret;
            return this;
        }

        /** @param value connect with TLS, verified by the JVM's default trust store @return this builder */
        public Builder useTls(boolean value) {
            this.useTls = value;
            return this;
        }

        /** @param context the TLS context; turns TLS on @return this builder */
        public Builder sslContext(SSLContext context) {
            this.sslContext = Objects.requireNonNull(context, "context");
            return this;
        }

        /** @param value the name prefix @return this builder */
        public Builder prefix(String value) {
            this.prefix = value;
            return this;
        }

        /** @param value declare quorum queues @return this builder */
        public Builder quorumQueues(boolean value) {
            this.quorumQueues = value;
            return this;
        }

        /** @param value unacknowledged messages per consumer channel @return this builder */
        public Builder prefetch(int value) {
            this.prefetch = value;
            return this;
        }

        /** @param value consumer channels per subscription @return this builder */
        public Builder consumersPerSubscription(int value) {
            this.consumersPerSubscription = value;
            return this;
        }

        /** @param value the largest message body @return this builder */
        public Builder maxMessageBytes(int value) {
            this.maxMessageBytes = value;
            return this;
        }

        /** @param value deliveries before dead-lettering @return this builder */
        public Builder deliveryLimit(int value) {
            this.deliveryLimit = value;
            return this;
        }

        /**
         * @param value the pause before a failed message goes back to its queue, times the deliveries so far; zero
         *     for none
         * @return this builder
         */
        public Builder redeliveryDelay(Duration value) {
            this.redeliveryDelay = value;
            return this;
        }

        /** @param value the longest wait for a publisher confirm @return this builder */
        public Builder confirmTimeout(Duration value) {
            this.confirmTimeout = value;
            return this;
        }

        /** @param value sends of an unconfirmed message before giving up @return this builder */
        public Builder publishAttempts(int value) {
            this.publishAttempts = value;
            return this;
        }

        /** @param value the pause between reconnection attempts @return this builder */
        public Builder recoveryInterval(Duration value) {
            this.recoveryInterval = value;
            return this;
        }

        /** @param value the connection name shown by the broker @return this builder */
        public Builder connectionName(String value) {
            this.connectionName = value;
            return this;
        }

        /**
         * @param value use the AMQP client's NIO sockets (the default) rather than blocking ones
         * @return this builder
         */
        public Builder nio(boolean value) {
            this.nio = value;
            return this;
        }

        /**
         * @return the settings
         * @throws IllegalArgumentException if a setting is out of range
         */
        public RabbitMqSettings build() {
            return new RabbitMqSettings(host, port, virtualHost, username, password, useTls, sslContext, prefix,
                    quorumQueues, prefetch, consumersPerSubscription, maxMessageBytes, deliveryLimit,
                    redeliveryDelay, confirmTimeout, publishAttempts, recoveryInterval, connectionName, nio);
        }
    }
}
