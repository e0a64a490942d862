package io.sagaflow.spring.dashboard;

import io.sagaflow.SagaEvent;
import io.sagaflow.SagaListener;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams saga changes to open dashboards as Server-Sent Events. Registered with the engine as a
 * {@link SagaListener}: {@link #onEvent} only queues a small notice (the engine's thread never waits on a browser),
 * and one background thread sends the queued notices every {@value #FLUSH_MILLIS} ms as one {@code sagas} event per
 * batch, plus a heartbeat comment so that proxies keep idle connections open.
 *
 * <p>When no dashboard is open, events are dropped at once. When more than {@value #MAX_PENDING} notices are
 * waiting, the newest are dropped and the next batch says {@code resync: true}, telling the page to reload what it
 * shows rather than apply changes one by one.
 *
 * <p>Thread-safe. {@link #close()} ends every stream and stops the thread.
 *
 * @since 0.1
 */
public final class SagaDashboardEvents implements SagaListener, AutoCloseable {
    /** How often queued notices are sent. */
    public static final long FLUSH_MILLIS = 200;
    /** Most notices waiting to be sent; more make the next batch a resync. */
    public static final int MAX_PENDING = 10_000;
    /** Most notices in one {@code sagas} event. */
    public static final int MAX_BATCH = 500;
    private static final long HEARTBEAT_SECONDS = 15;
    private static final Logger log = LoggerFactory.getLogger(SagaDashboardEvents.class);

    private final Duration streamTimeout;
    private final BlockingQueue<SagaChange> pending = new ArrayBlockingQueue<>(MAX_PENDING);
    private final AtomicBoolean overflowed = new AtomicBoolean();
    private final Set<SseEmitter> emitters = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sender;

    /**
     * Starts the sending thread.
     *
     * @param streamTimeout how long one event stream stays open before the browser reconnects
     */
    public SagaDashboardEvents(Duration streamTimeout) {
        this(streamTimeout, Duration.ofMillis(FLUSH_MILLIS));
    }

    /** For tests: a flush interval long enough that the test calls {@link #flush()} itself. */
    SagaDashboardEvents(Duration streamTimeout, Duration flushInterval) {
        this.streamTimeout = Objects.requireNonNull(streamTimeout, "streamTimeout");
        this.sender = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("sagaflow-dashboard-events").factory());
        sender.scheduleWithFixedDelay(this::flush, flushInterval.toMillis(), flushInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        sender.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT_SECONDS, HEARTBEAT_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * One change, as the page receives it.
     *
     * @param sagaId the saga
     * @param sagaType its type
     * @param event what happened: the {@link SagaEvent} record's simple name, such as {@code Completed}
     * @param at when
     */
    public record SagaChange(String sagaId, String sagaType, String event, Instant at) {
    }

    /**
     * One {@code sagas} event.
     *
     * @param changes the changes, oldest first
     * @param resync true when notices were dropped and the page should reload what it shows
     */
    public record Batch(List<SagaChange> changes, boolean resync) {
    }

    @Override
    public void onEvent(SagaEvent event) {
        if (emitters.isEmpty()) {
            return;
        }
        SagaChange change = new SagaChange(event.sagaId().value(), event.sagaType(),
                event.getClass().getSimpleName(), event.at());
        if (!pending.offer(change)) {
            overflowed.set(true);
        }
    }

    /**
     * Opens a stream for one browser. The first event, {@code hello}, tells the page it is live.
     *
     * @return the emitter, for a controller to return
     */
    public SseEmitter subscribe() {
        return register(new SseEmitter(streamTimeout.toMillis()));
    }

    SseEmitter register(SseEmitter emitter) {
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        emitters.add(emitter);
        send(emitter, SseEmitter.event().name("hello").data("{}", MediaType.APPLICATION_JSON)
                .reconnectTime(2_000));
        log.debug("dashboard event stream opened, {} open", emitters.size());
        return emitter;
    }

    /** @return how many streams are open */
    public int subscribers() {
        return emitters.size();
    }

    void flush() {
        // A scheduled task that throws is never run again: report and go on.
        try {
            while (true) {
                List<SagaChange> batch = new ArrayList<>();
                pending.drainTo(batch, MAX_BATCH);
                boolean resync = overflowed.getAndSet(false);
                if (batch.isEmpty() && !resync) {
                    return;
                }
                Batch message = new Batch(batch, resync);
                for (SseEmitter emitter : emitters) {
                    send(emitter, SseEmitter.event().name("sagas").data(message, MediaType.APPLICATION_JSON));
                }
            }
        } catch (RuntimeException e) {
            log.warn("dashboard events: sending saga changes failed, will send later ones: {}", e.toString());
        }
    }

    private void heartbeat() {
        try {
            for (SseEmitter emitter : emitters) {
                send(emitter, SseEmitter.event().comment("heartbeat"));
            }
        } catch (RuntimeException e) {
            log.warn("dashboard events: heartbeat failed: {}", e.toString());
        }
    }

    private void send(SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            // The browser went away (or the stream timed out): forget it; the page reconnects if still open.
            log.debug("dashboard event stream closed: {}", e.toString());
            emitters.remove(emitter);
            emitter.completeWithError(e);
        }
    }

    /** Ends every open stream and stops the sending thread. */
    @Override
    public void close() {
        sender.shutdownNow();
        for (SseEmitter emitter : emitters) {
            emitter.complete();
        }
        emitters.clear();
    }
}
