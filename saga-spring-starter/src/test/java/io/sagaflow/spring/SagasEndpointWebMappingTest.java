package io.sagaflow.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.invoke.convert.ConversionServiceParameterValueMapper;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.annotation.WebEndpointDiscoverer;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The endpoint as actuator's web layer sees it: paths, HTTP methods and optional parameters. */
class SagasEndpointWebMappingTest {

    @Test
    void mapsListShowRetryAndAbortOntoWebOperations() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(SagaflowAutoConfiguration.class,
                        SagaflowActuatorAutoConfiguration.class))
                .withPropertyValues("management.endpoints.web.exposure.include=sagas")
                .withBean(TestSagas.BookTripSaga.class).withBean(TestSagas.Hotel.class)
                .run(context -> {
                    WebEndpointDiscoverer discoverer = new WebEndpointDiscoverer(context,
                            new ConversionServiceParameterValueMapper(), EndpointMediaTypes.DEFAULT, List.of(),
                            List.of(), List.of(), List.of(), List.of());
                    ExposableWebEndpoint sagas = discoverer.getEndpoints().stream()
                            .filter(e -> e.getEndpointId().toString().equals("sagas")).findFirst().orElseThrow();
                    Map<String, WebOperation> byRoute = sagas.getOperations().stream().collect(Collectors.toMap(
                            o -> o.getRequestPredicate().getHttpMethod() + " " + o.getRequestPredicate().getPath(),
                            o -> o));
                    assertThat(byRoute).containsOnlyKeys("GET sagas", "GET sagas/{id}", "POST sagas/{id}/{action}");

                    SagaEngine engine = context.getBean(SagaEngine.class);
                    SagaId id = engine.startSaga(context.getBean(SagaDefinitions.class)
                            .named("book-trip", TestSagas.Trip.class), new TestSagas.Trip("t-9", null));
                    assertThat(engine.whenSettled(id).get(10, TimeUnit.SECONDS).status())
                            .isEqualTo(SagaStatus.COMPLETED);

                    Object page = byRoute.get("GET sagas").invoke(invocation(Map.of("status", "COMPLETED")));
                    assertThat(((SagasEndpoint.SagaPage) page).sagas()).extracting(SagasEndpoint.SagaSummary::id)
                            .containsExactly(id.value());
                    Object detail = byRoute.get("GET sagas/{id}").invoke(invocation(Map.of("id", id.value())));
                    assertThat(((SagasEndpoint.SagaDetail) detail).history()).isNotEmpty();
                    assertThatThrownBy(() -> byRoute.get("POST sagas/{id}/{action}")
                            .invoke(invocation(Map.of("id", id.value(), "action", "retry"))))
                            .isInstanceOf(InvalidEndpointRequestException.class)
                            .hasMessageContaining("mutations-enabled");
                });
    }

    private static InvocationContext invocation(Map<String, Object> arguments) {
        Map<String, Object> all = new HashMap<>(arguments);
        return new InvocationContext(SecurityContext.NONE, Collections.unmodifiableMap(all));
    }
}
