package io.sagaflow.spring.dashboard;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Serves the dashboard page (static HTML with the base path and, when Spring Security provides one, the CSRF token
 * filled in), its script and style sheet, and the Server-Sent Events stream.
 */
@Controller
@RequestMapping("${sagaflow.dashboard.path:" + SagaDashboardProperties.DEFAULT_PATH + "}")
final class SagaDashboardPage {
    private static final String RESOURCES = "/io/sagaflow/spring/dashboard/static/";
    private static final Map<String, MediaType> ASSETS = Map.of(
            "dashboard.js", MediaType.valueOf("text/javascript;charset=UTF-8"),
            "dashboard.css", MediaType.valueOf("text/css;charset=UTF-8"));

    private final SagaDashboardProperties properties;
    private final SagaDashboardEvents events;
    private final String page;
    private final Map<String, String> assets;

    SagaDashboardPage(SagaDashboardProperties properties, SagaDashboardEvents events) {
        this.properties = properties;
        this.events = events;
        this.page = read("index.html");
        this.assets = Map.of("dashboard.js", read("dashboard.js"), "dashboard.css", read("dashboard.css"));
    }

    @GetMapping(value = {"", "/"}, produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    ResponseEntity<String> page(HttpServletRequest request) {
        String base = request.getContextPath() + properties.path();
        String html = page.replace("{{base}}", HtmlText.escape(base))
                .replace("<!--csrf-->", CsrfTokens.metaTags(request));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.TEXT_HTML).body(html);
    }

    @GetMapping("/assets/{name}")
    @ResponseBody
    ResponseEntity<String> asset(@PathVariable String name) {
        String body = assets.get(name);
        if (body == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN)
                    .body("no dashboard asset '" + HtmlText.escape(name) + "'");
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(ASSETS.get(name)).body(body);
    }

    @GetMapping(value = "/api/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    SseEmitter events() {
        return events.subscribe();
    }

    private static String read(String name) {
        try (InputStream in = SagaDashboardPage.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("dashboard resource " + RESOURCES + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading dashboard resource " + RESOURCES + name, e);
        }
    }
}
