package io.sagaflow.spring;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.sagaflow.spi.Envelope;
import io.sagaflow.spi.MessageHandler;
import io.sagaflow.spi.MessageInterceptor;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.core.Ordered;

/**
 * Traces saga messages with Micrometer Observation, so one trace spans the orchestrator and every participant:
 * each outgoing message gets a {@code sagaflow.send} observation whose context the tracer's propagator writes into
 * the message headers ({@code traceparent} with W3C propagation), and handling an incoming message runs in a
 * {@code sagaflow.receive} observation continued from those headers. With Spring Boot's tracing auto-configuration
 * the propagating sender and receiver handlers are registered for you.
 *
 * <p>Outermost of the interceptors ({@link #ORDER}), so the receive scope encloses transactions. Thread-safe.
 *
 * @since 0.1
 */
public final class ObservationMessageInterceptor implements MessageInterceptor, Ordered {
    /** Name of the observation made for each message sent. */
    public static final String SEND = "sagaflow.send";
    /** Name of the observation around handling each message received. */
    public static final String RECEIVE = "sagaflow.receive";

    /** Its order among interceptors: early, so it wraps the others. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

    private final ObservationRegistry registry;

    /** @param registry the application's observation registry */
    public ObservationMessageInterceptor(ObservationRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Envelope beforeSend(Envelope envelope) {
        Map<String, String> headers = new HashMap<>();
        SenderContext<Map<String, String>> context = new SenderContext<>((carrier, key, value) -> {
            if (carrier != null) {
                carrier.put(key, value);
            }
        });
        context.setCarrier(headers);
        context.setRemoteServiceName("sagaflow");
        Observation observation = tagged(Observation.createNotStarted(SEND, () -> context, registry), envelope)
                .contextualName(envelope.kind().name().toLowerCase(java.util.Locale.ROOT) + " send "
                        + envelope.destination());
        // The message leaves through the outbox later: the send observation marks when it was written.
        observation.start();
        observation.stop();
        return headers.isEmpty() ? envelope : envelope.withHeaders(headers);
    }

    @Override
    @SuppressWarnings("try") // the scope is only opened and closed: it makes the observation current meanwhile
    public void aroundReceive(Envelope envelope, MessageHandler handler) throws Exception {
        ReceiverContext<Envelope> context = new ReceiverContext<>((carrier, key) -> carrier.header(key));
        context.setCarrier(envelope);
        context.setRemoteServiceName("sagaflow");
        Observation observation = tagged(Observation.createNotStarted(RECEIVE, () -> context, registry), envelope)
                .contextualName(envelope.kind().name().toLowerCase(java.util.Locale.ROOT) + " receive "
                        + envelope.destination());
        observation.start();
        try (Observation.Scope scope = observation.openScope()) {
            handler.handle(envelope);
        } catch (Exception | Error e) {
            observation.error(e);
            throw e;
        } finally {
            observation.stop();
        }
    }

    private static Observation tagged(Observation observation, Envelope envelope) {
        observation.lowCardinalityKeyValue("sagaflow.kind", envelope.kind().name())
                .lowCardinalityKeyValue("sagaflow.destination", envelope.destination().toString())
                .lowCardinalityKeyValue("sagaflow.saga", Objects.requireNonNullElse(envelope.sagaType(), "none"))
                .lowCardinalityKeyValue("sagaflow.step", Objects.requireNonNullElse(envelope.step(), "none"))
                .highCardinalityKeyValue("sagaflow.message.id", envelope.messageId());
        if (envelope.sagaId() != null) {
            observation.highCardinalityKeyValue("sagaflow.saga.id", envelope.sagaId());
        }
        return observation;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
