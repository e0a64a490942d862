package io.sagaflow.codec;

import io.sagaflow.MessageRejectedException;
import io.sagaflow.SagaException;
import io.sagaflow.spi.MessageCodec;
import java.util.Objects;
import java.util.function.UnaryOperator;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON with Jackson 3. Reads only into the class it is given (polymorphic typing is never enabled), refuses input
 * over {@link #maxPayloadBytes()} or nested deeper than {@value #MAX_NESTING_DEPTH}, and reports every failure to
 * read as {@link MessageRejectedException}.
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

    private JacksonMessageCodec(JsonMapper mapper, int maxPayloadBytes) {
        this.mapper = mapper;
        this.maxPayloadBytes = maxPayloadBytes;
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
        try {
            return mapper.writeValueAsBytes(value);
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
        T value;
        try {
            value = mapper.readValue(bytes, type);
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
                    .build();
            JsonMapper.Builder builder = JsonMapper.builder(factory)
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            return new JacksonMessageCodec(customizer.apply(builder).build(), maxPayloadBytes);
        }
    }
}
