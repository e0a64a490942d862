package io.sagaflow.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sagaflow.SagaException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class PooledGeneratorsTest {
    record Line(String sku, int quantity, Double price) { }

    record Order(String id, List<Line> lines, Map<String, Object> extra) { }

    /** A value whose accessor fails half-way through the object, after some of it was written. */
    record Failing(String first, String second) {
        @Override
        public String second() {
            throw new IllegalStateException("second is not readable");
        }
    }

    /** A value whose serialization encodes another value through the same codec while it is being written. */
    record Nested(String name) {
        static JacksonMessageCodec codec;

        @com.fasterxml.jackson.annotation.JsonProperty("inner")
        String inner() {
            return new String(codec.encode(new Line(name, 1, null)), StandardCharsets.UTF_8);
        }
    }

    private final ObjectMapper plain = JsonMapper.builder().build();
    private final ObjectMapper mapper = JsonMapper.builder(JsonFactory.builder().rootValueSeparator((String) null)
            .build()).build();
    private final PooledGenerators generators = new PooledGenerators(mapper);

    private static List<Object> values() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("note", "quote \" backslash \\ tab \t newline \n é 漢字 😀");
        extra.put("none", null);
        extra.put("nested", Map.of("k", List.of(1, 2.5, true)));
        return List.of(new Line("lamp", 2, 19.99), new Order("o-1", List.of(new Line("a", 1, null),
                new Line("b", 3, 0.5)), extra), "just a string", 42, List.of(), Map.of(),
                new Line("", 0, -1.0e-300));
    }

    @Test
    void everyValueWrittenInTurnOnOneKeptGeneratorReadsAsAFreshWriteOfItAlone() {
        for (int round = 0; round < 3; round++) {
            for (Object value : values()) {
                byte[] pooled = generators.write(mapper.writerFor(value.getClass()), value);
                assertThat(new String(pooled, StandardCharsets.UTF_8))
                        .isEqualTo(new String(plain.writeValueAsBytes(value), StandardCharsets.UTF_8));
            }
        }
        assertThat(generators.kept()).isEqualTo(1);
    }

    @Test
    void aGeneratorWhoseWriteFailedIsDroppedAndTheNextWriteIsClean() {
        Line before = new Line("x", 1, 1.0);
        generators.write(mapper.writerFor(Line.class), before);
        assertThat(generators.kept()).isEqualTo(1);
        assertThatThrownBy(() -> generators.write(mapper.writerFor(Failing.class), new Failing("a", "b")))
                .hasMessageContaining("second is not readable");
        assertThat(generators.kept()).isZero();
        Line after = new Line("y", 2, 2.0);
        assertThat(generators.write(mapper.writerFor(Line.class), after)).isEqualTo(plain.writeValueAsBytes(after));
        assertThat(generators.kept()).isEqualTo(1);
    }

    @Test
    void aValueLargerThanTheKeptBufferGetsAGeneratorThatIsNotKept() {
        String big = "z".repeat(PooledGenerators.MAX_KEPT_BUFFER + 1);
        byte[] bytes = generators.write(mapper.writerFor(String.class), big);
        assertThat(bytes).isEqualTo(plain.writeValueAsBytes(big));
        assertThat(generators.kept()).isZero();
    }

    @Test
    void theCodecStaysCorrectWhenAWriteFailsAndWhenAWriteEncodesAnotherValueWithinIt() {
        JacksonMessageCodec codec = JacksonMessageCodec.ofDefaults();
        Nested.codec = codec;
        assertThatThrownBy(() -> codec.encode(new Failing("a", "b"))).isInstanceOf(SagaException.class)
                .hasMessageContaining(Failing.class.getName());
        byte[] nested = codec.encode(new Nested("inner-sku"));
        assertThat(new String(nested, StandardCharsets.UTF_8)).isEqualTo(new String(
                plain.writeValueAsBytes(new Nested("inner-sku")), StandardCharsets.UTF_8));
        for (int i = 0; i < 3; i++) {
            Line line = new Line("q", i, 1.5);
            assertThat(codec.encode(line)).isEqualTo(plain.writeValueAsBytes(line));
        }
    }

    @Test
    void threadsWritingAtOnceEachGetTheirOwnValuesBytes() throws InterruptedException {
        AtomicInteger wrong = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            int thread = t;
            threads.add((t % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual()).start(() -> {
                for (int i = 0; i < 2_000; i++) {
                    Line value = new Line("t" + thread + "-" + i, i, i / 3.0);
                    if (!java.util.Arrays.equals(generators.write(mapper.writerFor(Line.class), value),
                            plain.writeValueAsBytes(value))) {
                        wrong.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread thread : threads) {
            assertThat(thread.join(java.time.Duration.ofSeconds(30))).as("writer thread finished").isTrue();
        }
        assertThat(wrong).hasValue(0);
        assertThat(generators.kept()).isBetween(1, 16);
    }
}
