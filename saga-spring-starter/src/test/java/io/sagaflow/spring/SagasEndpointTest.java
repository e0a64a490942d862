package io.sagaflow.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sagaflow.CommandOutcome;
import io.sagaflow.Participant;
import io.sagaflow.ParticipantRuntime;
import io.sagaflow.RetryPolicy;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

class SagasEndpointTest {
    record Data(String id) {
    }

    record Undo(String id) {
    }

    record Go(String id) {
    }

    private final AtomicBoolean undoWorks = new AtomicBoolean(false);
    private final InMemoryMessageBroker broker = new InMemoryMessageBroker(2, Duration.ofMillis(5), 1);
    private final SagaDefinition<Data> definition = SagaDefinition.builder("undo-fails", Data.class)
            .step("local").invokeLocal(io.sagaflow.LocalResult::done)
            .withCompensation("svc", d -> new Undo(d.id()))
            .compensationRetry(RetryPolicy.attempts(1))
            .step("go").invokeParticipant("svc", d -> new Go(d.id())).pivot().retry(RetryPolicy.none())
            .build();
    private final SagaEngine engine = SagaEngine.builder().broker(broker).register(definition)
            .config(io.sagaflow.SagaEngineConfig.builder().timerPollInterval(Duration.ofMillis(20)).build()).build();
    private final ParticipantRuntime runtime = ParticipantRuntime.builder().broker(broker)
            .participant(Participant.builder("svc")
                    .onCommand(Go.class, (c, ctx) -> CommandOutcome.failure("no"))
                    .onCommand(Undo.class, (c, ctx) -> undoWorks.get() ? CommandOutcome.success()
                            : CommandOutcome.failure("undo refused"))
                    .build())
            .build();
    private final ActuatorSettings settings = new ActuatorSettings();
    private final SagasEndpoint endpoint = new SagasEndpoint(engine, settings);

    @AfterEach
    void close() {
        runtime.close();
        engine.close();
        broker.close();
    }

    private SagaId failedSaga() throws Exception {
        runtime.start();
        engine.start();
        SagaId id = engine.startSaga(definition, new Data("d"));
        assertThat(engine.whenSettled(id).get(10, TimeUnit.SECONDS).status()).isEqualTo(SagaStatus.FAILED);
        return id;
    }

    @Test
    void listsFiltersAndShowsSagasWithoutDataUnlessAsked() throws Exception {
        SagaId id = failedSaga();

        assertThat(endpoint.sagas(null, "failed", null, null).sagas()).singleElement()
                .satisfies(s -> {
                    assertThat(s.id()).isEqualTo(id.value());
                    assertThat(s.failureReason()).contains("undo refused");
                });
        assertThat(endpoint.sagas("other-type", null, null, null).sagas()).isEmpty();
        assertThat(endpoint.saga(id.value()).data()).isNull();
        settings.setShowData(true);
        assertThat(endpoint.saga(id.value()).data()).isEqualTo(new Data("d"));
        assertThat(endpoint.saga(UUID.randomUUID().toString())).isNull();
        assertThatThrownBy(() -> endpoint.sagas(null, "sleeping", null, null))
                .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("unknown status 'sleeping'");
        assertThatThrownBy(() -> endpoint.saga("not-an-id")).isInstanceOf(InvalidEndpointRequestException.class);
    }

    @Test
    void refusesRetryAndAbortUnlessEnabled() throws Exception {
        SagaId id = failedSaga();

        assertThatThrownBy(() -> endpoint.act(id.value(), "abort", "give up"))
                .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("disabled");
        assertThat(engine.find(id).orElseThrow().status()).isEqualTo(SagaStatus.FAILED);
    }

    @Test
    void retriesAFailedSagaWhenEnabled() throws Exception {
        SagaId id = failedSaga();
        settings.setMutationsEnabled(true);
        undoWorks.set(true);

        endpoint.act(id.value(), "retry", null);

        assertThat(engine.whenSettled(id).get(10, TimeUnit.SECONDS).status()).isEqualTo(SagaStatus.COMPENSATED);
        assertThatThrownBy(() -> endpoint.act(id.value(), "retry", null))
                .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("COMPENSATED");
        assertThatThrownBy(() -> endpoint.act(id.value(), "rewind", null))
                .isInstanceOf(InvalidEndpointRequestException.class).hasMessageContaining("unknown action 'rewind'");
    }

    @Test
    void abortsAFailedSagaWhenEnabledRecordingTheReason() throws Exception {
        SagaId id = failedSaga();
        settings.setMutationsEnabled(true);

        SagasEndpoint.SagaDetail after = endpoint.act(id.value(), "abort", "refunded by hand");

        assertThat(after.saga().status()).isEqualTo(SagaStatus.COMPENSATED);
        assertThat(after.history()).anySatisfy(h -> assertThat(h.detail()).isEqualTo("refunded by hand"));
    }
}
