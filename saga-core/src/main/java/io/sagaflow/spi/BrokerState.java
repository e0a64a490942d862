package io.sagaflow.spi;

/**
 * What a {@link MessageBroker} knows about its connection, for health checks: {@link MessageBroker#state()}.
 *
 * @since 0.1
 */
public enum BrokerState {
    /** Connected: publishing and consuming work. */
    CONNECTED,
    /** The connection is lost; the broker is reconnecting and publishes fail until it is back. */
    DISCONNECTED,
    /** Closed by the application; it will not connect again. */
    CLOSED,
    /** The broker cannot tell (the default for brokers without a connection to watch). */
    UNKNOWN
}
