package io.sagaflow.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Folds a participant's reply into the saga data: {@code Data method(Data data, Reply reply)}. The reply's class is
 * the second parameter's type; it joins the saga's allowlist of payload types under its simple name. A step may have several, one per
 * reply type.
 *
 * @since 0.1
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnReply {
    /** @return the name of the participant step whose reply this handles */
    String step();
}
