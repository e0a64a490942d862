/**
 * The RabbitMQ {@link io.sagaflow.spi.MessageBroker}: {@link io.sagaflow.rabbitmq.RabbitMqMessageBroker} and its
 * {@link io.sagaflow.rabbitmq.RabbitMqSettings}. The topology, envelope mapping and consumers are package-private.
 */
@NullMarked
package io.sagaflow.rabbitmq;

import org.jspecify.annotations.NullMarked;
