package io.sagaflow.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.MessageRejectedException;
import io.sagaflow.PayloadTypes;
import io.sagaflow.SagaId;
import io.sagaflow.codec.JacksonMessageCodec;
import io.sagaflow.spi.Destination;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageKind;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutation fuzzing of everything that reads a message: payload decoding, type names, ids, destinations and
 * signatures. The only exception allowed to escape is the documented {@link MessageRejectedException}. A failing
 * case prints its seed and iteration; set {@code -Dsagaflow.fuzz.seed=...} to replay it.
 */
class HostileInputFuzzTest {
    record Line(String sku, int quantity) { }

    record Command(String orderId, long amountCents, List<Line> lines, Map<String, String> notes) { }

    private static final long SEED = Long.getLong("sagaflow.fuzz.seed", 20261121L);
    private static final int ITERATIONS = 8_000;
    private static final byte[] VALID = ("{\"orderId\":\"o-1\",\"amountCents\":1500,\"lines\":[{\"sku\":\"book\","
            + "\"quantity\":2}],\"notes\":{\"gift\":\"yes\"}}").getBytes(StandardCharsets.UTF_8);
    private static final String[] TOKENS = {"{", "}", "[", "]", "\"", ":", ",", "null", "true", "-1e999",
        "9223372036854775808", "\"@class\":\"java.lang.ProcessBuilder\"", "\\u0000", "\"\\ud800\"", "NaN"};

    private final JacksonMessageCodec codec = JacksonMessageCodec.builder().maxPayloadBytes(4_096).build();
    private final PayloadTypes types = PayloadTypes.builder().register(Command.class).build();

    @Test
    void decodingMutatedPayloadsOnlyEverRejects() {
        SplittableRandom random = new SplittableRandom(SEED);
        int accepted = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = mutate(VALID, random);
            try {
                Command command = codec.decode(input, Command.class);
                assertThat(command).isNotNull();
                accepted++;
            } catch (MessageRejectedException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            } catch (RuntimeException | Error other) {
                throw new AssertionError("seed " + SEED + " iteration " + i + " escaped with " + other + " on "
                        + new String(input, StandardCharsets.UTF_8), other);
            }
        }
        assertThat(accepted).as("some mutations still read").isPositive().isLessThan(ITERATIONS);
    }

    @Test
    void typeNamesIdsAndDestinationsFromMessagesOnlyEverReject() {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int i = 0; i < ITERATIONS; i++) {
            String text = randomText(random);
            for (Runnable read : List.<Runnable>of(() -> types.classFor(text), () -> SagaId.parse(text),
                    () -> Destination.parse(text))) {
                try {
                    read.run();
                } catch (MessageRejectedException expected) {
                    assertThat(expected.getMessage()).isNotBlank();
                } catch (RuntimeException other) {
                    throw new AssertionError("seed " + SEED + " iteration " + i + " escaped with " + other, other);
                }
            }
        }
    }

    @Test
    void forgedSignaturesOnlyEverReject() {
        byte[] secret = "fuzz-secret-fuzz-secret-fuzz-secret".getBytes(StandardCharsets.UTF_8);
        EnvelopeSigner signer = new EnvelopeSigner(HmacKeyRing.of("k1", secret));
        SplittableRandom random = new SplittableRandom(SEED + 2);
        for (int i = 0; i < 5_000; i++) {
            Envelope forged = new Envelope("m-" + i, MessageKind.REPLY_SUCCESS, Destination.replies("default"),
                    null, SagaId.random().value(), "t", "s", "c", null, Instant.EPOCH,
                    Map.of(EnvelopeSigner.SIGNATURE, randomSignature(random)), new byte[0]);
            try {
                signer.verify(forged);
                throw new AssertionError("seed " + SEED + " iteration " + i + ": a forged signature verified");
            } catch (MessageRejectedException expected) {
                assertThat(expected.getMessage()).startsWith("message m-" + i);
            }
        }
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        StringBuilder text = new StringBuilder(new String(seed, StandardCharsets.UTF_8));
        int edits = 1 + random.nextInt(6);
        for (int e = 0; e < edits && !text.isEmpty(); e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(5)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                case 2 -> text.setCharAt(at, (char) random.nextInt(0x20, 0x7f));
                case 3 -> text.insert(at, "[".repeat(random.nextInt(1, 120)));
                default -> text.append("x".repeat(random.nextInt(0, 5_000)));
            }
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String randomText(SplittableRandom random) {
        int length = random.nextInt(0, 300);
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < length; c++) {
            text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0, 0xffff) : (char) random.nextInt(0x20, 0x7f));
        }
        return random.nextInt(5) == 0 ? "java.lang.Runtime" : text.toString();
    }

    private static String randomSignature(SplittableRandom random) {
        return switch (random.nextInt(4)) {
            case 0 -> "v1:k1:" + randomText(random);
            case 1 -> "v1:" + randomText(random) + ":AAAA";
            case 2 -> randomText(random);
            default -> "v1:k1:" + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(new byte[32]);
        };
    }
}
