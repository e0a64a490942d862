package io.sagaflow.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class whose methods declare one saga: {@link Step} methods build each step's message (or run a local
 * step), {@link Compensation} methods undo steps, {@link OnReply} methods fold replies into the saga data.
 * {@link AnnotatedSagas#definitionOf(Object)} compiles an instance into a {@link io.sagaflow.SagaDefinition}.
 *
 * <pre>{@code
 * @Saga(name = "place-order", data = OrderData.class)
 * class PlaceOrderSaga {
 *     @Step(name = "reserve-inventory", order = 1, participant = "inventory", timeout = "PT5S")
 *     ReserveStock reserve(OrderData order) { return new ReserveStock(order.id(), order.items()); }
 *
 *     @Compensation(step = "reserve-inventory", participant = "inventory")
 *     ReleaseStock release(OrderData order) { return new ReleaseStock(order.id()); }
 * }
 * }</pre>
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface Saga {
    /** @return the saga type's name, unique per engine: letters, digits, {@code . _ -} */
    String name();

    /** @return the saga data's class: every step method takes it */
    Class<?> data();

    /** @return the reply timeout of participant steps that set none, as an ISO-8601 duration; empty for none */
    String defaultTimeout() default "";
}
