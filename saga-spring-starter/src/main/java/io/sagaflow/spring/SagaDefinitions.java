package io.sagaflow.spring;

import io.sagaflow.SagaDefinition;
import io.sagaflow.UnknownSagaException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The sagas of this application: compiled from {@link io.sagaflow.annotation.Saga} beans and collected from
 * {@link SagaDefinition} beans, all registered with the engine. Inject it to get the definition to start:
 *
 * <pre>{@code
 * SagaDefinition<OrderData> placeOrder = sagaDefinitions.named("place-order", OrderData.class);
 * engine.startSaga(placeOrder, data, order.id());
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class SagaDefinitions {
    private final List<SagaDefinition<?>> all;
    private final Map<String, SagaDefinition<?>> byName;
    private final Map<Class<?>, SagaDefinition<?>> bySagaClass;

    SagaDefinitions(Map<String, SagaDefinition<?>> byName, Map<Class<?>, SagaDefinition<?>> bySagaClass) {
        this.all = List.copyOf(byName.values());
        this.byName = Map.copyOf(byName);
        this.bySagaClass = Map.copyOf(bySagaClass);
    }

    /** @return every definition, in discovery order */
    public Collection<SagaDefinition<?>> all() {
        return all;
    }

    /**
     * @param name the saga's name
     * @param dataType its data class
     * @param <D> the data type
     * @return the definition
     * @throws UnknownSagaException if no saga has that name or its data is of another type
     */
    @SuppressWarnings("unchecked")
    public <D> SagaDefinition<D> named(String name, Class<D> dataType) {
        SagaDefinition<?> definition = byName.get(name);
        if (definition == null) {
            throw new UnknownSagaException("no saga named '" + name + "'; sagas: " + byName.keySet());
        }
        if (definition.dataType() != dataType) {
            throw new UnknownSagaException("saga '" + name + "' takes " + definition.dataType().getName() + ", not "
                    + dataType.getName());
        }
        return (SagaDefinition<D>) definition;
    }

    /**
     * @param sagaClass a class annotated {@link io.sagaflow.annotation.Saga}
     * @return the definition compiled from its bean
     * @throws UnknownSagaException if there is no bean of that class
     */
    public SagaDefinition<?> of(Class<?> sagaClass) {
        SagaDefinition<?> definition = bySagaClass.get(sagaClass);
        if (definition == null) {
            throw new UnknownSagaException("no @Saga bean of class " + sagaClass.getName());
        }
        return definition;
    }
}
