package io.sagaflow.spring;

import io.sagaflow.Participant;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaDefinitionException;
import io.sagaflow.annotation.AnnotatedParticipants;
import io.sagaflow.annotation.AnnotatedSagas;
import io.sagaflow.annotation.Saga;
import io.sagaflow.annotation.SagaParticipant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.ClassUtils;

/**
 * Finds the {@link Saga} and {@link SagaParticipant} beans of a context and compiles them with the core compiler,
 * adding the bean's name to any declaration error.
 */
final class SagaBeans {
    private SagaBeans() {
    }

    static SagaDefinitions definitions(ListableBeanFactory beans, ObjectProvider<SagaDefinition<?>> declared) {
        Map<String, SagaDefinition<?>> byName = new LinkedHashMap<>();
        Map<Class<?>, SagaDefinition<?>> byClass = new LinkedHashMap<>();
        for (String name : beans.getBeanNamesForAnnotation(Saga.class)) {
            Object bean = beans.getBean(name);
            SagaDefinition<?> definition;
            try {
                definition = AnnotatedSagas.definitionOf(bean);
            } catch (SagaDefinitionException e) {
                throw inBean("saga bean '" + name + "'", e);
            }
            add(byName, definition, "bean '" + name + "'");
            byClass.put(ClassUtils.getUserClass(bean), definition);
        }
        declared.orderedStream().forEach(definition -> add(byName, definition, "a SagaDefinition bean"));
        return new SagaDefinitions(byName, byClass);
    }

    static List<Participant> participants(ListableBeanFactory beans, ObjectProvider<Participant> declared) {
        List<Participant> participants = new ArrayList<>();
        for (String name : beans.getBeanNamesForAnnotation(SagaParticipant.class)) {
            try {
                participants.add(AnnotatedParticipants.participantOf(beans.getBean(name)));
            } catch (SagaDefinitionException e) {
                throw inBean("participant bean '" + name + "'", e);
            }
        }
        declared.orderedStream().forEach(participants::add);
        return participants;
    }

    private static void add(Map<String, SagaDefinition<?>> byName, SagaDefinition<?> definition, String source) {
        if (byName.putIfAbsent(definition.name(), definition) != null) {
            throw new SagaDefinitionException("saga '" + definition.name() + "' is declared twice; the second time by "
                    + source);
        }
    }

    private static SagaDefinitionException inBean(String bean, SagaDefinitionException e) {
        SagaDefinitionException failure = new SagaDefinitionException(bean + ": " + e.getMessage());
        failure.initCause(e);
        return failure;
    }
}
