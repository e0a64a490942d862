package io.sagaflow.spring;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * RabbitMQ connection and topology settings, {@code sagaflow.rabbitmq.*}. Used by the RabbitMQ broker of module
 * saga-rabbitmq; setting any of {@code host}, {@code uri} selects that broker unless {@code sagaflow.broker} says
 * otherwise.
 *
 * <p>A plain settings bean: bound once at startup.
 *
 * @since 0.1
 */
public class RabbitMqSettings {
    /** Default AMQP port. */
    public static final int DEFAULT_PORT = 5672;
    /** Default prefix of exchange and queue names. */
    public static final String DEFAULT_PREFIX = "sagaflow";
    /** Default number of unacknowledged messages per consumer. */
    public static final int DEFAULT_PREFETCH = 32;
    /** Default consumers per queue. */
    public static final int DEFAULT_CONSUMERS = 2;
    /** Default deliveries of one message before it is dead-lettered. */
    public static final int DEFAULT_DELIVERY_LIMIT = 5;
    /** Default connection name shown in the management UI. */
    public static final String DEFAULT_CONNECTION_NAME = "sagaflow";

    /** The RabbitMQ host. */
    private String host = "localhost";

    /** The RabbitMQ AMQP port. */
    private int port = DEFAULT_PORT;

    /** The virtual host. */
    private String virtualHost = "/";

    /** The user name. */
    private String username = "guest";

    /** The password. Never logged. */
    private String password = "guest";

    /** An amqp:// or amqps:// URI; overrides host, port, virtual host and credentials when set. Never logged. */
    private @Nullable String uri;

    /** TLS settings. */
    private final Ssl ssl = new Ssl();

    /** Prefix of every exchange and queue name Sagaflow declares, so several applications can share a vhost. */
    private String prefix = DEFAULT_PREFIX;

    /** Whether queues are quorum queues (replicated, the recommended kind in a cluster) rather than classic ones. */
    private boolean quorum = true;

    /** How many unacknowledged messages each consumer holds at most. */
    private int prefetch = DEFAULT_PREFETCH;

    /** How many consumers each queue gets in this application. */
    private int consumers = DEFAULT_CONSUMERS;

    /** How often one message is delivered before it goes to its dead-letter queue with the handler's last error. */
    private int deliveryLimit = DEFAULT_DELIVERY_LIMIT;

    /** The pause before a failed message is delivered again, times the deliveries so far. */
    private Duration redeliveryDelay = Duration.ofMillis(500);

    /** The connection name shown in RabbitMQ's management UI, suffixed with -publish and -consume. */
    private String connectionName = DEFAULT_CONNECTION_NAME;

    /**
     * Whether the AMQP client uses NIO sockets, whose I/O thread writes the frames of many publishing and
     * acknowledging threads in bulk, rather than blocking sockets with a write and flush per command.
     */
    private boolean nio = io.sagaflow.rabbitmq.RabbitMqSettings.DEFAULT_NIO;

    /** @return the host */
    public String getHost() {
        return host;
    }

    /** @param host the host */
    public void setHost(String host) {
        this.host = host;
    }

    /** @return the port */
    public int getPort() {
        return port;
    }

    /** @param port the port */
    public void setPort(int port) {
        this.port = port;
    }

    /** @return the virtual host */
    public String getVirtualHost() {
        return virtualHost;
    }

    /** @param virtualHost the virtual host */
    public void setVirtualHost(String virtualHost) {
        this.virtualHost = virtualHost;
    }

    /** @return the user name */
    public String getUsername() {
        return username;
    }

    /** @param username the user name */
    public void setUsername(String username) {
        this.username = username;
    }

    /** @return the password */
    public String getPassword() {
        return password;
    }

    /** @param password the password */
    public void setPassword(String password) {
        this.password = password;
    }

    /** @return the URI, or null */
    public @Nullable String getUri() {
        return uri;
    }

    /** @param uri the URI */
    public void setUri(@Nullable String uri) {
        this.uri = uri;
    }

    /** @return TLS settings */
    public Ssl getSsl() {
        return ssl;
    }

    /** @return the name prefix */
    public String getPrefix() {
        return prefix;
    }

    /** @param prefix the name prefix */
    public void setPrefix(String prefix) {
        this.prefix = prefix;
    }

    /** @return whether queues are quorum queues */
    public boolean isQuorum() {
        return quorum;
    }

    /** @param quorum whether queues are quorum queues */
    public void setQuorum(boolean quorum) {
        this.quorum = quorum;
    }

    /** @return the prefetch */
    public int getPrefetch() {
        return prefetch;
    }

    /** @param prefetch the prefetch */
    public void setPrefetch(int prefetch) {
        this.prefetch = prefetch;
    }

    /** @return consumers per queue */
    public int getConsumers() {
        return consumers;
    }

    /** @param consumers consumers per queue */
    public void setConsumers(int consumers) {
        this.consumers = consumers;
    }

    /** @return deliveries before dead-lettering */
    public int getDeliveryLimit() {
        return deliveryLimit;
    }

    /** @param deliveryLimit deliveries before dead-lettering */
    public void setDeliveryLimit(int deliveryLimit) {
        this.deliveryLimit = deliveryLimit;
    }

    /** @return the base redelivery pause */
    public Duration getRedeliveryDelay() {
        return redeliveryDelay;
    }

    /** @param redeliveryDelay the base redelivery pause */
    public void setRedeliveryDelay(Duration redeliveryDelay) {
        this.redeliveryDelay = redeliveryDelay;
    }

    /** @return the connection name */
    public String getConnectionName() {
        return connectionName;
    }

    /** @param connectionName the connection name */
    public void setConnectionName(String connectionName) {
        this.connectionName = connectionName;
    }

    /** @return whether the AMQP client uses NIO sockets */
    public boolean isNio() {
        return nio;
    }

    /** @param nio whether the AMQP client uses NIO sockets */
    public void setNio(boolean nio) {
        this.nio = nio;
    }

    @Override
    public String toString() {
        // Credentials and the URI (which may hold them) stay out of logs.
        return "RabbitMqSettings[host=" + host + ", port=" + port + ", virtualHost=" + virtualHost + ", username="
                + username + ", uri=" + (uri == null ? "unset" : "set") + ", ssl=" + ssl.isEnabled() + ", prefix="
                + prefix + ", quorum=" + quorum + ", prefetch=" + prefetch + ", consumers=" + consumers + ", deliveryLimit="
                + deliveryLimit + ", redeliveryDelay=" + redeliveryDelay
                + ", connectionName=" + connectionName + ", nio=" + nio + "]";
    }

    /** TLS settings of the RabbitMQ connection. */
    public static class Ssl {
        /** Whether to connect with TLS (AMQPS, usually port 5671). */
        private boolean enabled;

        /** @return whether TLS is on */
        public boolean isEnabled() {
            return enabled;
        }

        /** @param enabled whether TLS is on */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
