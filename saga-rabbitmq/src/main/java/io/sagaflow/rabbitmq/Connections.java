package io.sagaflow.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.impl.recovery.RecordedBinding;
import com.rabbitmq.client.impl.recovery.RecordedExchange;
import com.rabbitmq.client.impl.recovery.RecordedQueue;
import com.rabbitmq.client.impl.recovery.TopologyRecoveryFilter;
import io.sagaflow.BrokerException;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens and closes the broker's connections: credentials, TLS, automatic recovery every {@code recoveryInterval},
 * and topology recovery for consumers only (the broker redeclares its exchanges, queues and bindings itself, see
 * {@link Topology#redeclareAll}).
 */
final class Connections {
    private static final Logger log = LoggerFactory.getLogger(Connections.class);
    private static final int CLOSE_TIMEOUT_MILLIS = 5_000;

    private Connections() {
    }

    static ConnectionFactory factory(RabbitMqSettings settings) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(settings.host());
        factory.setPort(settings.port());
        factory.setVirtualHost(settings.virtualHost());
        factory.setUsername(settings.username());
        factory.setPassword(settings.password());
        if (settings.sslContext() != null) {
            factory.useSslProtocol(settings.sslContext());
            factory.enableHostnameVerification();
        } else if (settings.useTls()) {
            try {
                factory.useSslProtocol(javax.net.ssl.SSLContext.getDefault());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new BrokerException("no default TLS context in this JVM: " + e.getMessage(), e);
            }
            factory.enableHostnameVerification();
        }
        return recovering(factory, settings);
    }

    /**
     * Sets what the broker relies on: automatic recovery every {@code recoveryInterval}, consumers-only topology
     * recovery, heartbeats, and the socket mode of {@link RabbitMqSettings#nio()}.
     */
    static ConnectionFactory recovering(ConnectionFactory factory, RabbitMqSettings settings) {
        if (settings.nio()) {
            // Frames from every thread go to a queue that the connection's I/O thread writes in bulk: a relay's
            // batch of publishes, or many consumers' acks, cost a few system calls instead of one each.
            factory.useNio();
        } else {
            factory.useBlockingIo();
        }
        factory.setAutomaticRecoveryEnabled(true);
        factory.setTopologyRecoveryEnabled(true);
        factory.setTopologyRecoveryFilter(new ConsumersOnly());
        factory.setNetworkRecoveryInterval(settings.recoveryInterval().toMillis());
        factory.setRequestedHeartbeat(30);
        return factory;
    }

    /** Lets the client recover consumers; {@link Topology#redeclareAll} recovers the rest. */
    private static final class ConsumersOnly implements TopologyRecoveryFilter {
        @Override
        public boolean filterExchange(RecordedExchange exchange) {
            return false;
        }

        @Override
        public boolean filterQueue(RecordedQueue queue) {
            return false;
        }

        @Override
        public boolean filterBinding(RecordedBinding binding) {
            return false;
        }
    }

    /**
     * The settings with the connection details of an application's connection factory, so log lines and errors name
     * the server actually used.
     */
    static RabbitMqSettings describing(ConnectionFactory factory, RabbitMqSettings s) {
        return new RabbitMqSettings(factory.getHost(), factory.getPort(), factory.getVirtualHost(),
                factory.getUsername(), factory.getPassword(), factory.isSSL(), null, s.prefix(), s.quorumQueues(),
                s.prefetch(), s.consumersPerSubscription(), s.maxMessageBytes(), s.deliveryLimit(),
                s.redeliveryDelay(), s.confirmTimeout(), s.publishAttempts(), s.recoveryInterval(),
                s.connectionName(), s.nio());
    }

    static Connection open(ConnectionFactory factory, RabbitMqSettings settings, String role,
                           @Nullable ExecutorService executor) {
        String name = settings.connectionName() + "-" + role;
        try {
            return executor == null ? factory.newConnection(name) : factory.newConnection(executor, name);
        } catch (IOException | TimeoutException e) {
            throw new BrokerException("cannot connect to RabbitMQ at " + settings.host() + ":" + settings.port()
                    + " vhost '" + settings.virtualHost() + "' as '" + settings.username() + "': "
                    + Errors.describe(e), e);
        }
    }

    static void closeQuietly(@Nullable Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close(CLOSE_TIMEOUT_MILLIS);
        } catch (IOException | RuntimeException e) {
            log.debug("RabbitMQ connection {} was already closed: {}", connection.getClientProvidedName(),
                    Errors.describe(e));
        }
    }
}
