package io.sagaflow.codec;

import io.sagaflow.spi.support.ImmutableTypes;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.RecordComponent;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The values a codec encoded recently, by the identity of the array it encoded them to, so that decoding that very
 * array (a message on the in-memory broker, a saga record in the in-memory store) returns the value instead of
 * parsing the JSON again. A decode of any other array (read from a socket or a database) never hits.
 *
 * <p>Only values that are equivalent to their decoding qualify: deeply immutable records ({@link ImmutableTypes}),
 * so nothing can have changed since they were encoded, without Jackson annotations, which could make the JSON differ
 * from the record, and whose first {@value #VERIFIED_ENCODINGS} encodings did decode to equal values (a mapper
 * module or custom deserializer that changes values on the way disables the reuse for that class).
 *
 * <p>Codecs built without a mapper customizer read and write alike, so they share {@link #SHARED}: the engine's codec
 * and the participants' codec are usually two instances, and a command encoded by one is decoded by the other. A
 * codec with a customizer has a table of its own.
 *
 * <p>Taken once: the first decode of an array takes its value out of the table, so the table holds only encodings not
 * yet decoded rather than the last {@value #SLOTS}, and a young collection does not copy values long since delivered
 * (with every slot filled, the table had kept about 5 MB of them alive at 70,000 sagas a second, a fifth of each
 * pause). An event delivered to several groups is parsed by all but the first.
 *
 * <p>Bounded and lock-free: a direct-mapped table of {@value #SLOTS} slots (a few MB at most); an entry replaces
 * whatever was in its slot, and a miss only costs the parse. Thread-safe: entries are immutable and published through
 * their final fields; two decodes racing for one entry may both get it, or the loser parses.
 */
final class RecentEncodings {
    static final int SLOTS = 1 << 15;
    static final int VERIFIED_ENCODINGS = 16;
    /** The table of every codec built without a mapper customizer. */
    static final RecentEncodings SHARED = new RecentEncodings();

    private final Entry[] slots = new Entry[SLOTS];
    private final ClassValue<Verdict> verdicts = new ClassValue<>() {
        @Override
        protected Verdict computeValue(Class<?> type) {
            return new Verdict(ImmutableTypes.isDeeplyImmutable(type) && type.isRecord() && !jacksonAnnotated(type));
        }
    };

    /**
     * Remembers that {@code bytes} encode {@code value}, if its class qualifies.
     *
     * @param decoder decodes bytes as a class, to verify a class's first encodings
     */
    void remember(byte[] bytes, Object value, BiFunction<byte[], Class<?>, Object> decoder) {
        Verdict verdict = verdicts.get(value.getClass());
        if (!verdict.reusable) {
            return;
        }
        if (verdict.toVerify.get() > 0 && verdict.toVerify.getAndDecrement() > 0
                && !roundTrips(bytes, value, decoder)) {
            verdict.reusable = false;
            return;
        }
        slots[slot(bytes)] = new Entry(bytes, value);
    }

    private static boolean roundTrips(byte[] bytes, Object value, BiFunction<byte[], Class<?>, Object> decoder) {
        try {
            return value.equals(decoder.apply(bytes, value.getClass()));
        } catch (RuntimeException e) {
            return false; // it does not even read back: never stand in for a parse
        }
    }

    /**
     * Takes the value {@code bytes} (this very array) was encoded from out of the table.
     *
     * @return that value, if it is of class {@code type}; else null
     */
    @Nullable Object find(byte[] bytes, Class<?> type) {
        int slot = slot(bytes);
        Entry entry = slots[slot];
        if (entry == null || entry.bytes != bytes || entry.value.getClass() != type
                || !verdicts.get(type).reusable) {
            return null;
        }
        slots[slot] = null;
        return entry.value;
    }

    private static int slot(byte[] bytes) {
        int h = System.identityHashCode(bytes);
        return (h ^ h >>> 16) & (SLOTS - 1);
    }

    private static boolean jacksonAnnotated(Class<?> type) {
        if (hasJacksonAnnotation(type)) {
            return true;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (hasJacksonAnnotation(component) || hasJacksonAnnotation(component.getAccessor())
                    || hasJacksonAnnotation(field(type, component))
                    || component.getType().isRecord() && jacksonAnnotated(component.getType())) {
                return true;
            }
        }
        return false;
    }

    private static AnnotatedElement field(Class<?> type, RecordComponent component) {
        try {
            return type.getDeclaredField(component.getName());
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("record " + type.getName() + " has no field for component "
                    + component.getName(), e);
        }
    }

    private static boolean hasJacksonAnnotation(AnnotatedElement element) {
        for (Annotation annotation : element.getAnnotations()) {
            String name = annotation.annotationType().getName();
            if (name.startsWith("tools.jackson.") || name.startsWith("com.fasterxml.jackson.")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a class's values may stand for their encodings; turned off for good by a failed verification. */
    private static final class Verdict {
        volatile boolean reusable;
        final AtomicInteger toVerify = new AtomicInteger(VERIFIED_ENCODINGS);

        Verdict(boolean reusable) {
            this.reusable = reusable;
        }
    }

    private record Entry(byte[] bytes, Object value) {
        Entry {
            Objects.requireNonNull(value, "value");
        }
    }
}
