package io.sagaflow.spring;

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

    @Override
    public String toString() {
        // Credentials and the URI (which may hold them) stay out of logs.
        return "RabbitMqSettings[host=" + host + ", port=" + port + ", virtualHost=" + virtualHost + ", username="
                + username + ", uri=" + (uri == null ? "unset" : "set") + ", ssl=" + ssl.isEnabled() + ", prefix="
                + prefix + ", quorum=" + quorum + ", prefetch=" + prefetch + ", consumers=" + consumers + "]";
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
