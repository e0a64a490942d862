package io.sagaflow.spi;

/**
 * Turns payloads and saga data into bytes and back. The codec never resolves a type from a message: callers
 * resolve the type from the allowlist ({@link io.sagaflow.PayloadTypes}) and pass the class.
 *
 * <p>Implementations are thread-safe and bound what they read: an oversized or malformed input raises
 * {@link io.sagaflow.MessageRejectedException}, and nothing else.
 *
 * @since 0.1
 */
public interface MessageCodec {
    /**
     * @param value a payload or saga data
     * @return its encoding
     * @throws io.sagaflow.SagaException if the value cannot be encoded
     */
    byte[] encode(Object value);

    /**
     * Encodes a saga's data for the store. The engine keeps the data object it stored beside these bytes itself, so a
     * codec that remembers what it encoded in order to skip parsing it again (as {@code JacksonMessageCodec} does
     * for messages that stay in this JVM) need not remember this value: it would only hold it in memory longer.
     * By default the same as {@link #encode}.
     *
     * @param data a saga's data
     * @return its encoding
     * @throws io.sagaflow.SagaException if the value cannot be encoded
     */
    default byte[] encodeSagaData(Object data) {
        return encode(data);
    }

    /**
     * @param bytes an encoding
     * @param type the class to read, from the allowlist or the saga definition
     * @param <T> the type
     * @return the value
     * @throws io.sagaflow.MessageRejectedException if the bytes are too large or do not read as {@code type}
     */
    <T> T decode(byte[] bytes, Class<T> type);
}
