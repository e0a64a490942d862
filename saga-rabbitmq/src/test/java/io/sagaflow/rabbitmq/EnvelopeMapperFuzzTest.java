package io.sagaflow.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.LongString;
import com.rabbitmq.client.impl.LongStringHelper;
import io.sagaflow.MessageRejectedException;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of the AMQP side of decoding: a valid delivery's properties, headers and body are
 * mutated (values replaced, retyped, dropped, multiplied, oversized) and {@link EnvelopeMapper#envelope} may only
 * return an envelope or throw the documented {@link MessageRejectedException}, which the consumer dead-letters.
 * A failing case prints its seed and iteration; replay it with {@code -Dsagaflow.fuzz.seed=...}.
 */
class EnvelopeMapperFuzzTest {
    private static final long SEED = Long.getLong("sagaflow.fuzz.seed", 20261121L);
    private static final int ITERATIONS = 6_000;
    private static final int MAX_BYTES = 4_096;
    private static final String[] TEXTS = {"", ":", "commands:", ":x", "COMMAND", "REPLY_SUCCESS", "commands:payment",
        "replies:default", "events:", "bogus:x", "2026-11-21T10:15:30Z", "+999999999-12-31T23:59:59Z", "not-a-time",
        "\u0000", "\ud800", "x".repeat(300), "y".repeat(9_000), "%s%n", "../../etc/passwd", "null"};

    private final EnvelopeMapper mapper = new EnvelopeMapper(MAX_BYTES);
    private final Envelope valid = new Envelope("m-1", MessageKind.COMMAND, Destination.commands("payment"),
            "ChargePayment", "5f0c1b7e-8a61-4d07-9e0e-0d7c9f0e4a11", "place-order", "charge-payment", "c-1",
            Destination.replies("default"), Instant.parse("2026-11-21T10:15:30.123456789Z"),
            Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
            "{\"orderId\":\"o-1\",\"amount\":100}".getBytes(StandardCharsets.UTF_8));

    @Test
    void mutatedDeliveriesOnlyEverDecodeOrReject() {
        SplittableRandom random = new SplittableRandom(SEED);
        AMQP.BasicProperties base = mapper.properties(valid);
        assertThat(mapper.envelope(base, valid.payload())).isEqualTo(valid);
        int accepted = 0;
        int rejected = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            AMQP.BasicProperties properties = mutate(base, random);
            byte[] body = random.nextInt(4) == 0 ? body(random) : valid.payload();
            try {
                Envelope envelope = mapper.envelope(properties, body);
                assertThat(envelope.messageId()).isNotBlank();
                accepted++;
            } catch (MessageRejectedException expected) {
                assertThat(expected.getMessage()).isNotBlank();
                rejected++;
            } catch (RuntimeException | Error other) {
                throw new AssertionError("seed " + SEED + " iteration " + i + " escaped with " + other + " on "
                        + properties, other);
            }
        }
        assertThat(accepted).as("some mutations still decode").isPositive();
        assertThat(rejected).as("some mutations are rejected").isPositive();
    }

    @Test
    void missingPropertiesAndBodyAreRejected() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> mapper.envelope(null, null)))
                .isInstanceOf(MessageRejectedException.class);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> mapper.envelope(new AMQP.BasicProperties(), null))).isInstanceOf(MessageRejectedException.class);
    }

    private AMQP.BasicProperties mutate(AMQP.BasicProperties base, SplittableRandom random) {
        Map<String, Object> headers = new HashMap<>(base.getHeaders());
        AMQP.BasicProperties.Builder builder = base.builder();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(10)) {
                case 0 -> builder.messageId(text(random));
                case 1 -> builder.type(text(random));
                case 2 -> builder.replyTo(text(random));
                case 3 -> builder.contentType(random.nextBoolean() ? null : text(random));
                case 4 -> builder.timestamp(random.nextBoolean() ? null : new Date(random.nextLong()));
                case 5 -> builder.correlationId(text(random));
                case 6 -> {
                    List<String> names = new ArrayList<>(headers.keySet());
                    if (!names.isEmpty()) {
                        headers.remove(names.get(random.nextInt(names.size())));
                    }
                }
                case 7 -> {
                    List<String> names = new ArrayList<>(headers.keySet());
                    if (!names.isEmpty()) {
                        headers.put(names.get(random.nextInt(names.size())), value(random));
                    }
                }
                case 8 -> {
                    int extra = random.nextInt(3) == 0 ? 70 : 1 + random.nextInt(3);
                    for (int h = 0; h < extra; h++) {
                        headers.put(random.nextBoolean() ? "x-" + text(random) : text(random), value(random));
                    }
                }
                default -> headers.put(random.nextBoolean() ? EnvelopeMapper.KIND : EnvelopeMapper.DESTINATION,
                        value(random));
            }
        }
        return builder.headers(headers).build();
    }

    private static Object value(SplittableRandom random) {
        return switch (random.nextInt(8)) {
            case 0 -> random.nextInt();
            case 1 -> LongStringHelper.asLongString(text(random));
            case 2 -> new byte[] {1, 2, 3};
            case 3 -> List.of(text(random));
            case 4 -> Map.of("k", text(random));
            case 5 -> new Date(random.nextLong());
            case 6 -> longString(random);
            default -> text(random);
        };
    }

    private static LongString longString(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(10_000)];
        random.nextBytes(bytes);
        return LongStringHelper.asLongString(bytes);
    }

    private static String text(SplittableRandom random) {
        if (random.nextBoolean()) {
            return TEXTS[random.nextInt(TEXTS.length)];
        }
        StringBuilder text = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            text.append((char) random.nextInt(0x20, 0x2FFF));
        }
        return text.toString();
    }

    private static byte[] body(SplittableRandom random) {
        byte[] body = new byte[random.nextInt(3) == 0 ? MAX_BYTES + 1 + random.nextInt(100) : random.nextInt(200)];
        random.nextBytes(body);
        return body;
    }
}
