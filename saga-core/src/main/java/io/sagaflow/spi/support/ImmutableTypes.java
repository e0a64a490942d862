package io.sagaflow.spi.support;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * Tells whether a saga data type is immutable all the way down, so that an instance can stand for its encoding:
 * a record whose components are, recursively, primitives, strings, boxed primitives, enums, {@link BigDecimal},
 * {@link BigInteger}, {@link UUID}, {@code java.time} values or such records. Anything else (beans, collections,
 * arrays, interfaces, type variables) is taken as mutable: a collection component decodes as a mutable list or map
 * that a handler could change in place.
 *
 * <p>The engine and the Jackson codec use it to reuse a value instead of decoding the bytes it was just encoded to.
 * Thread-safe; answers are computed once per class.
 *
 * @since 0.1
 */
public final class ImmutableTypes {
    private static final Set<Class<?>> VALUES = Set.of(String.class, Boolean.class, Character.class, Byte.class,
            Short.class, Integer.class, Long.class, Float.class, Double.class, BigDecimal.class, BigInteger.class,
            UUID.class, Instant.class, Duration.class, Period.class, LocalDate.class, LocalTime.class,
            LocalDateTime.class, OffsetDateTime.class, OffsetTime.class, ZonedDateTime.class, Year.class,
            YearMonth.class, MonthDay.class, ZoneOffset.class);

    private static final ClassValue<Boolean> IMMUTABLE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return check(type, new HashSet<>());
        }
    };

    private ImmutableTypes() {
    }

    /** @param type a class @return whether its instances can never change */
    public static boolean isDeeplyImmutable(Class<?> type) {
        return IMMUTABLE.get(type);
    }

    private static boolean check(Class<?> type, Set<Class<?>> visiting) {
        if (type.isPrimitive() || type.isEnum() || VALUES.contains(type)) {
            return true;
        }
        if (!type.isRecord()) {
            return false;
        }
        if (!visiting.add(type)) {
            return true; // a record that refers to itself: its other components decide
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (!check(component.getType(), visiting)) {
                return false;
            }
        }
        return true;
    }
}
