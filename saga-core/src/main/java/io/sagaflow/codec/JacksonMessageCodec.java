package io.sagaflow.codec;

import io.sagaflow.MessageRejectedException;
import io.sagaflow.SagaException;
import io.sagaflow.spi.MessageCodec;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON with Jackson 3. Reads only into the class it is given (polymorphic typing is never enabled), refuses input
 * over {@link #maxPayloadBytes()} or nested deeper than {@value #MAX_NESTING_DEPTH}, and reports every failure to
 * read as {@link MessageRejectedException}. Decoding the very array it encoded an immutable record to returns that
 * record instead of parsing it again (see {@link Builder#reuseDecodedValues(boolean)}). Its generators and parsers take
 * their buffers from a pool of slots chosen by the calling thread, which suits platform and virtual threads alike
 * (Jackson's shared deque cost about 9% more CPU per saga in the in-memory benchmark), and it keeps its generators,
 * each with an output buffer, for reuse in the same way instead of making one for every value written (a fifth of
 * the bytes the in-memory engine allocated).
 *
 * <p>Thread-safe.
 *
 * @since 0.1
 */
public final class JacksonMessageCodec implements MessageCodec {
    /** Largest payload read by default: 1 MiB. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1 << 20;
    /** Deepest nesting read. */
    public static final int MAX_NESTING_DEPTH = 64;

    private final JsonMapper mapper;
    private final int maxPayloadBytes;
    /**
     * A reader and a writer per class, made once: {@code mapper.readValue(bytes, type)} resolves the type and looks
     * up its deserializer on every call, which showed in the engine's profile.
     */
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();
    private final Map<Class<?>, ObjectWriter> writers = new ConcurrentHashMap<>();
    private final @Nullable RecentEncodings recent;
    private final PooledGenerators generators;
    /**
     * The writer maker and the decoder handed on at every encode, made once: a method reference written at the call
     * captures its receiver and was an object allocated per value.
     */
    private final Function<Class<?>, ObjectWriter> writerFor;
    private final BiFunction<byte[], Class<?>, Object> parser = this::parse;

    private JacksonMessageCodec(JsonMapper mapper, int maxPayloadBytes, @Nullable RecentEncodings recent) {
        this.mapper = mapper;
        this.writerFor = mapper::writerFor;
        this.generators = new PooledGenerators(mapper);
        this.maxPayloadBytes = maxPayloadBytes;
        this.recent = recent;
    }

    /** @return a codec with the default limits */
    public static JacksonMessageCodec ofDefaults() {
        return builder().build();
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the largest payload this codec reads */
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    @Override
    public byte[] encode(Object value) {
        byte[] bytes = write(value);
        if (recent != null && bytes.length <= maxPayloadBytes) {
            recent.remember(bytes, value, parser);
        }
        return bytes;
    }

    /** Encodes without remembering the value: the engine keeps the saga data it stored itself. */
    @Override
    public byte[] encodeSagaData(Object data) {
        return write(data);
    }

    private byte[] write(Object value) {
        try {
            return generators.write(writers.computeIfAbsent(value.getClass(), writerFor), value);
        } catch (JacksonException e) {
            throw new SagaException("cannot encode " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public <T> T decode(byte[] bytes, Class<T> type) {
        if (bytes.length > maxPayloadBytes) {
            throw new MessageRejectedException("payload of " + bytes.length + " bytes for " + type.getSimpleName()
                    + " exceeds the limit of " + maxPayloadBytes + " bytes");
        }
        if (recent != null && recent.find(bytes, type) instanceof Object reused) {
            return type.cast(reused);
        }
        return parse(bytes, type);
    }

    private <T> T parse(byte[] bytes, Class<T> type) {
        T value;
        try {
            value = readers.computeIfAbsent(type, mapper::readerFor).readValue(bytes);
        } catch (JacksonException e) {
            throw new MessageRejectedException("payload does not read as " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        } catch (RuntimeException e) {
            // A constructor or setter of the payload class refused a value.
            throw new MessageRejectedException("payload does not read as " + type.getSimpleName() + ": " + e, e);
        }
        if (value == null) {
            throw new MessageRejectedException("payload for " + type.getSimpleName() + " is JSON null");
        }
        return value;
    }

    /** Builds a {@link JacksonMessageCodec}. */
    public static final class Builder {
        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private UnaryOperator<JsonMapper.Builder> customizer = UnaryOperator.identity();
        private boolean reuseDecodedValues = true;
        private boolean customized;

        private Builder() {
        }

        /** @param limit the largest payload to read, in bytes @return this builder */
        public Builder maxPayloadBytes(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("maxPayloadBytes must be >= 1, was " + limit);
            }
            this.maxPayloadBytes = limit;
            return this;
        }

        /**
         * @param mapperCustomizer adds modules or features to the mapper; must not enable default typing
         * @return this builder
         */
        public Builder customizeMapper(UnaryOperator<JsonMapper.Builder> mapperCustomizer) {
            this.customizer = Objects.requireNonNull(mapperCustomizer, "mapperCustomizer");
            this.customized = true;
            return this;
        }

        /**
         * Whether decoding the very array this codec encoded a value to returns that value instead of parsing it
         * (default: yes). It applies only to deeply immutable records without Jackson annotations whose first
         * encodings decode to equal values, and only to the same {@code byte[]} instance, as the in-memory broker and
         * store pass along; bytes read from a socket or a database are always parsed. Turn it off if a value's
         * {@code equals} does not cover everything its JSON carries.
         *
         * @param reuse whether to reuse
         * @return this builder
         */
        public Builder reuseDecodedValues(boolean reuse) {
            this.reuseDecodedValues = reuse;
            return this;
        }

        /** @return the codec */
        public JacksonMessageCodec build() {
            JsonFactory factory = JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxDocumentLength(maxPayloadBytes)
                            .maxStringLength(maxPayloadBytes)
                            .build())
                    .recyclerPool(new StripedBufferPool())
                    // A pooled generator writes one value after the other, each copied out on its own.
                    .rootValueSeparator((String) null)
                    .build();
            JsonMapper.Builder builder = JsonMapper.builder(factory)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            RecentEncodings recent = !reuseDecodedValues ? null
                    : customized ? new RecentEncodings() : RecentEncodings.SHARED;
            return new JacksonMessageCodec(customizer.apply(builder).build(), maxPayloadBytes, recent);
        }
    }
}
