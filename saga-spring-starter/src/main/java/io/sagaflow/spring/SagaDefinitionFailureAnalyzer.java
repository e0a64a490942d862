package io.sagaflow.spring;

import io.sagaflow.SagaDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a saga or participant declaration error at startup into Spring Boot's "APPLICATION FAILED TO START" report,
 * with the class, method and problem up front instead of at the bottom of a bean-creation stack trace.
 */
final class SagaDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<SagaDefinitionException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SagaDefinitionException cause) {
        return new FailureAnalysis("A Sagaflow saga or participant is declared wrongly: " + cause.getMessage(),
                "Fix the declaration named above. The annotations are described in docs/spring-boot.md; each @Step "
                        + "method takes the saga data, a COMPENSATABLE step needs a @Compensation, message types are "
                        + "concrete records or classes.", cause);
    }
}
