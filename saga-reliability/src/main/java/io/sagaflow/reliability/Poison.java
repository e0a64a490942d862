package io.sagaflow.reliability;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Poison messages published straight to a participant's command queue with a raw AMQP channel, as a buggy or
 * hostile publisher would, and the reading of the dead-letter queues at the end. Not thread-safe.
 */
final class Poison {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Poison.class);
    static final String REASON_HEADER = "x-sagaflow-dead-letter-reason";
    static final String ID_PREFIX = "poison-";
    private final String prefix;

    Poison(String prefix) {
        this.prefix = prefix;
    }

    /**
     * What a dead-letter queue held.
     *
     * @param messages all messages
     * @param poison those with a poison message id
     * @param withReason those with the dead-letter reason header
     * @param distinctPoison distinct poison message ids among them: a consumer killed after it dead-lettered a
     *     message and before it acknowledged the delivery dead-letters it again when the message comes back, so one
     *     poison message may be there twice, with the same id (dead-lettering is at least once, like delivery)
     */
    record DeadLetters(int messages, int poison, int withReason, int distinctPoison) {
        /** None: an absent or empty queue. */
        static final DeadLetters NONE = new DeadLetters(0, 0, 0, 0);

        /**
         * @param queue the dead-letter queue's name
         * @param expected poison messages injected for it
         * @return what this queue's content breaks of "exactly the poison messages, each at least once, each with
         *     its reason"; empty when nothing
         */
        List<String> violations(String queue, int expected) {
            List<String> problems = new ArrayList<>();
            if (distinctPoison != expected || poison != messages) {
                problems.add(queue + " holds " + messages + " messages, " + poison + " of them poison (" + distinctPoison
                        + " distinct); " + expected + " poison messages were injected there");
            }
            if (withReason != messages) {
                problems.add(queue + ": " + (messages - withReason) + " messages without " + REASON_HEADER);
            }
            return problems;
        }
    }

    String commandQueue(String participant) {
        return prefix + ".commands." + participant + ".default";
    }

    String replyQueue() {
        return prefix + ".replies.default.default";
    }

    /**
     * Publishes poison message {@code number} of the given variety to a participant's command queue and waits for
     * the broker's confirm; retries while the broker is away (a restart may be under way).
     */
    void inject(int number, String participant, String variety, long seed) {
        HarnessException last = null;
        for (int attempt = 0; attempt < 60; attempt++) {
            try (Connection connection = factory().newConnection("chaos-poison");
                 Channel channel = connection.createChannel()) {
                channel.confirmSelect();
                AtomicReference<String> returned = new AtomicReference<>();
                channel.addReturnListener(r -> returned.set(r.getReplyText()));
                byte[] body = body(variety, seed);
                channel.basicPublish("", commandQueue(participant), true, properties(number, participant, variety),
                        body);
                channel.waitForConfirmsOrDie(10_000);
                if (returned.get() != null) {
                    throw new HarnessException("poison message " + number + " was returned unroutable by "
                            + commandQueue(participant) + ": " + returned.get());
                }
                log.info("poison message {} ({}) published to {}", number, variety, commandQueue(participant));
                return;
            } catch (IOException | TimeoutException | RuntimeException e) {
                last = new HarnessException("cannot publish poison message " + number + " to " + participant, e);
                log.warn("publishing poison message {} failed, trying again: {}", number, e.toString());
                Servers.pause(Duration.ofSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new HarnessException("interrupted publishing poison message " + number, e);
            }
        }
        throw last;
    }

    private AMQP.BasicProperties properties(int number, String participant, String variety) {
        Map<String, Object> headers = new HashMap<>();
        AMQP.BasicProperties.Builder builder = new AMQP.BasicProperties.Builder().messageId(ID_PREFIX + number)
                .deliveryMode(2);
        switch (variety) {
            case "garbage" -> builder.contentType("application/octet-stream");
            case "unknown-type" -> {
                headers.put("x-sagaflow-kind", "COMMAND");
                headers.put("x-sagaflow-destination", "commands:" + participant);
                headers.put("x-sagaflow-created-at", Instant.now().toString());
                builder.contentType("application/json").type("LaunchMissiles").replyTo("replies:default");
            }
            case "bad-json" -> {
                headers.put("x-sagaflow-kind", "COMMAND");
                headers.put("x-sagaflow-destination", "commands:" + participant);
                headers.put("x-sagaflow-created-at", Instant.now().toString());
                builder.contentType("application/json").type(typeOf(participant)).replyTo("replies:default");
            }
            default -> {
                headers.put("x-sagaflow-kind", "BANANA");
                headers.put("x-sagaflow-destination", "commands:" + participant);
                builder.contentType("application/json").type(typeOf(participant));
            }
        }
        return builder.headers(headers).build();
    }

    private static String typeOf(String participant) {
        return switch (participant) {
            case "inventory" -> "ReserveStock";
            case "payment" -> "ChargePayment";
            default -> "NotifyCustomer";
        };
    }

    private static byte[] body(String variety, long seed) {
        if (variety.equals("garbage")) {
            byte[] bytes = new byte[1 + (int) Math.floorMod(seed, 512L)];
            new SplittableRandom(seed).nextBytes(bytes);
            return bytes;
        }
        if (variety.equals("bad-json")) {
            return "{\"orderId\": \"order-1\", \"amount\": [[[".getBytes(StandardCharsets.UTF_8);
        }
        return "{\"orderId\":\"order-1\"}".getBytes(StandardCharsets.UTF_8);
    }

    /** @param queue a queue @return how many messages it holds now; an absent queue holds none */
    int count(String queue) {
        try (Connection connection = factory().newConnection("chaos-count");
             Channel channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        } catch (IOException | TimeoutException e) {
            if (e.getCause() != null && e.getCause().toString().contains("NOT_FOUND")) {
                return 0;
            }
            throw new HarnessException("cannot count the messages of queue " + queue, e);
        }
    }

    /** Reads (and removes) every message of a dead-letter queue; an absent queue holds none. */
    DeadLetters drain(String queue) {
        try (Connection connection = factory().newConnection("chaos-dlq");
             Channel channel = connection.createChannel()) {
            int messages = 0;
            int poison = 0;
            int withReason = 0;
            Set<String> poisonIds = new HashSet<>();
            GetResponse response;
            while ((response = channel.basicGet(queue, true)) != null) {
                messages++;
                String id = response.getProps().getMessageId();
                if (id != null && id.startsWith(ID_PREFIX)) {
                    poison++;
                    poisonIds.add(id);
                }
                Map<String, Object> headers = response.getProps().getHeaders();
                Object reason = headers == null ? null : headers.get(REASON_HEADER);
                if (reason != null && !reason.toString().isBlank()) {
                    withReason++;
                }
            }
            return new DeadLetters(messages, poison, withReason, poisonIds.size());
        } catch (IOException | TimeoutException e) {
            if (e.getCause() != null && e.getCause().toString().contains("NOT_FOUND")) {
                return DeadLetters.NONE;
            }
            throw new HarnessException("cannot read dead-letter queue " + queue, e);
        }
    }

    /** Deletes the run's queues and exchanges; best effort, each in its own channel. */
    void deleteTopology(Iterable<String> queues) {
        try (Connection connection = factory().newConnection("chaos-cleanup")) {
            for (String queue : queues) {
                try (Channel channel = connection.createChannel()) {
                    channel.queueDelete(queue);
                    channel.queueDelete(queue + ".dlq");
                } catch (IOException | RuntimeException | TimeoutException e) {
                    // An absent queue closes the channel; nothing to delete then.
                    log.debug("queue {} not deleted: {}", queue, e.toString());
                }
            }
            for (String exchange : new String[] {"commands", "replies", "events", "dlx"}) {
                try (Channel channel = connection.createChannel()) {
                    channel.exchangeDelete(prefix + "." + exchange);
                } catch (IOException | RuntimeException | TimeoutException e) {
                    log.debug("exchange {}.{} not deleted: {}", prefix, exchange, e.toString());
                }
            }
        } catch (IOException | TimeoutException e) {
            throw new HarnessException("cannot delete the topology of prefix " + prefix, e);
        }
    }

    private static ConnectionFactory factory() {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(Servers.RABBIT_HOST);
        factory.setPort(Servers.RABBIT_PORT);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(3_000);
        return factory;
    }
}
