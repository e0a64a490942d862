package io.sagaflow.spring.dashboard;

import io.sagaflow.IllegalSagaStateException;
import io.sagaflow.MessageRejectedException;
import io.sagaflow.SagaDefinition;
import io.sagaflow.SagaDiagram;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import io.sagaflow.UnknownSagaException;
import io.sagaflow.spi.SagaQuery;
import io.sagaflow.spring.dashboard.DashboardViews.AbortRequest;
import io.sagaflow.spring.dashboard.DashboardViews.DefinitionView;
import io.sagaflow.spring.dashboard.DashboardViews.ErrorView;
import io.sagaflow.spring.dashboard.DashboardViews.SagaDetail;
import io.sagaflow.spring.dashboard.DashboardViews.SagaPage;
import io.sagaflow.spring.dashboard.DashboardViews.SagaSummary;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The dashboard's JSON API: sagas paged and filtered through {@link SagaEngine#query} (never all loaded), one saga
 * with its timeline, retry and abort of FAILED sagas, and the definitions as data, Mermaid and SVG.
 */
@RestController
@RequestMapping("${sagaflow.dashboard.path:" + SagaDashboardProperties.DEFAULT_PATH + "}/api")
final class SagaDashboardApi {
    private static final Logger log = LoggerFactory.getLogger(SagaDashboardApi.class);
    private static final String DEFAULT_ABORT_REASON = "aborted from the dashboard";
    private static final int MAX_REASON_LENGTH = 500;

    private final SagaEngine engine;
    private final SagaDashboardProperties properties;

    SagaDashboardApi(SagaEngine engine, SagaDashboardProperties properties) {
        this.engine = engine;
        this.properties = properties;
    }

    @GetMapping("/sagas")
    SagaPage sagas(@RequestParam(required = false) @Nullable String type,
                   @RequestParam(required = false) @Nullable SagaStatus status,
                   @RequestParam(required = false) @Nullable String businessKey,
                   @RequestParam(required = false) @Nullable Instant from,
                   @RequestParam(required = false) @Nullable Instant to,
                   @RequestParam(defaultValue = "0") int page,
                   @RequestParam(required = false) @Nullable Integer size) {
        int pageSize = size == null ? properties.pageSize() : size;
        if (pageSize < 1 || pageSize > properties.maxPageSize()) {
            throw new IllegalArgumentException("size must be 1 to " + properties.maxPageSize() + ", was " + pageSize);
        }
        if (page < 0 || (long) page * pageSize > Integer.MAX_VALUE - pageSize - 1) {
            throw new IllegalArgumentException("page must be 0 to " + (Integer.MAX_VALUE / pageSize - 1)
                    + ", was " + page);
        }
        // One more than the page: tells whether a next page exists without counting every saga.
        List<SagaInstance> found = engine.query(new SagaQuery(blankToNull(type), status, blankToNull(businessKey),
                from, to, page * pageSize, pageSize + 1));
        List<SagaSummary> items = found.stream().limit(pageSize).map(SagaSummary::of).toList();
        return new SagaPage(items, page, pageSize, found.size() > pageSize);
    }

    @GetMapping("/sagas/{id}")
    SagaDetail saga(@PathVariable String id) {
        SagaId sagaId = SagaId.parse(id);
        return engine.find(sagaId).map(s -> SagaDetail.of(s, properties.showData()))
                .orElseThrow(() -> new UnknownSagaException("no saga " + sagaId));
    }

    @PostMapping("/sagas/{id}/retry")
    SagaDetail retry(@PathVariable String id, HttpServletRequest request) {
        SagaId sagaId = SagaId.parse(id);
        log.info("dashboard: {} retries saga {}", who(request), sagaId);
        return SagaDetail.of(engine.retry(sagaId), properties.showData());
    }

    @PostMapping("/sagas/{id}/abort")
    SagaDetail abort(@PathVariable String id, @RequestBody(required = false) @Nullable AbortRequest body,
                     HttpServletRequest request) {
        SagaId sagaId = SagaId.parse(id);
        String given = body == null ? null : blankToNull(body.reason());
        String reason = (given == null ? DEFAULT_ABORT_REASON : given.length() > MAX_REASON_LENGTH
                ? given.substring(0, MAX_REASON_LENGTH) + "…" : given) + " (by " + who(request) + ")";
        log.info("dashboard: {} aborts saga {}: {}", who(request), sagaId, reason);
        return SagaDetail.of(engine.abort(sagaId, reason), properties.showData());
    }

    @GetMapping("/definitions")
    List<DefinitionView> definitions() {
        return engine.definitions().stream().sorted(Comparator.comparing(SagaDefinition::name))
                .map(DefinitionView::of).toList();
    }

    @GetMapping(value = "/definitions/{name}/mermaid", produces = MediaType.TEXT_PLAIN_VALUE)
    String mermaid(@PathVariable String name) {
        return SagaDiagram.mermaid(definition(name));
    }

    @GetMapping(value = "/definitions/{name}/svg", produces = "image/svg+xml")
    String svg(@PathVariable String name) {
        return SagaDiagram.svg(definition(name));
    }

    @ExceptionHandler(UnknownSagaException.class)
    ResponseEntity<ErrorView> notFound(UnknownSagaException e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalSagaStateException.class)
    ResponseEntity<ErrorView> conflict(IllegalSagaStateException e) {
        return error(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler({MessageRejectedException.class, IllegalArgumentException.class})
    ResponseEntity<ErrorView> badRequest(RuntimeException e) {
        return error(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private SagaDefinition<?> definition(String name) {
        return engine.definitions().stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new UnknownSagaException("no saga definition '" + name + "'"));
    }

    private static ResponseEntity<ErrorView> error(HttpStatus status, @Nullable String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new ErrorView(message == null ? status.getReasonPhrase() : message));
    }

    private static String who(HttpServletRequest request) {
        Principal user = request.getUserPrincipal();
        return user == null ? "an anonymous user" : "user '" + user.getName() + "'";
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
