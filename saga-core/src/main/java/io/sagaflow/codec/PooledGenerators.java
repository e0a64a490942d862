package io.sagaflow.codec;

import io.sagaflow.spi.support.ThreadStripedSlots;
import java.io.OutputStream;
import java.util.Arrays;
import tools.jackson.core.JsonEncoding;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectWriter;

/**
 * JSON generators kept for reuse, each writing into a byte buffer of its own, in {@link ThreadStripedSlots}.
 * {@code ObjectWriter.writeValueAsBytes} builds a generator, its I/O context, its root context and an output builder
 * for every value and throws them away after it: for the small values of a saga (commands, replies, saga data), that
 * was about a fifth of the bytes the in-memory engine allocated. A kept generator writes one root value after the
 * other (the factory writes no separator between them), and its bytes are copied out after each.
 *
 * <p>A generator whose write failed is dropped, not kept, as is one whose buffer grew past {@link #MAX_KEPT_BUFFER}.
 * A write that finds its slots empty (a serializer that encodes another value while it writes, or more threads than
 * slots) makes a new one. Thread-safe.
 */
final class PooledGenerators {
    /** The largest output buffer a kept generator may hold on to; larger values get a generator of their own. */
    static final int MAX_KEPT_BUFFER = 64 * 1024;

    private final ThreadStripedSlots<Output> slots;
    private final ObjectMapper mapper;

    /** @param mapper makes the generators; its factory must write no root value separator */
    PooledGenerators(ObjectMapper mapper) {
        this.mapper = mapper;
        this.slots = ThreadStripedSlots.perProcessor();
    }

    /**
     * @param writer the writer for the value's class
     * @param value what to write
     * @return its JSON
     */
    byte[] write(ObjectWriter writer, Object value) {
        Output out = slots.take();
        if (out == null) {
            out = new Output(mapper);
        }
        boolean keep = false;
        try {
            writer.writeValue(out.generator, value);
            out.generator.flush();
            byte[] bytes = Arrays.copyOf(out.buffer, out.count);
            keep = out.buffer.length <= MAX_KEPT_BUFFER;
            return bytes;
        } finally {
            out.count = 0;
            if (keep) {
                // Slots full: the garbage collector takes this one.
                slots.offer(out);
            }
        }
    }

    /** @return generators kept now */
    int kept() {
        return slots.count();
    }

    /** A generator and the buffer it writes into. */
    private static final class Output extends OutputStream {
        final JsonGenerator generator;
        byte[] buffer = new byte[512];
        int count;

        Output(ObjectMapper mapper) {
            this.generator = mapper.createGenerator(this, JsonEncoding.UTF8);
        }

        @Override
        public void write(int b) {
            room(1);
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            room(length);
            System.arraycopy(bytes, offset, buffer, count, length);
            count += length;
        }

        private void room(int more) {
            if (count + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + more));
            }
        }
    }
}
