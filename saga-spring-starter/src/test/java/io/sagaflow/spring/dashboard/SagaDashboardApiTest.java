package io.sagaflow.spring.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.sagaflow.HistoryEvent;
import io.sagaflow.SagaDiagram;
import io.sagaflow.SagaEngine;
import io.sagaflow.SagaId;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(classes = DashboardTestApplication.class, properties = "sagaflow.dashboard.enabled=true")
@AutoConfigureMockMvc
class SagaDashboardApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final RequestPostProcessor OPS = user("ops").roles("SAGA_ADMIN");

    @Autowired
    MockMvc mvc;
    @Autowired
    SagaEngine engine;
    @Autowired
    OrderShop shop;

    @AfterEach
    void fixInventory() {
        shop.fixRelease();
    }

    @Test
    void pagesSagasNewestFirstAndSaysWhetherAnotherPageExists() throws Exception {
        String key = unique();
        List<SagaId> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(place(key + "-" + i, "alice", SagaStatus.COMPLETED).id());
        }

        JsonNode first = getJson("/sagaflow/api/sagas?type=place-order&size=2&from=" + createdAt(ids.getFirst()));
        JsonNode last = getJson("/sagaflow/api/sagas?size=2&page=2&from=" + createdAt(ids.getFirst()));

        assertThat(first.get("items")).hasSize(2);
        assertThat(first.get("hasNext").asBoolean()).isTrue();
        assertThat(first.get("items").get(0).get("id").asString()).isEqualTo(ids.get(4).value());
        assertThat(last.get("items")).hasSize(1);
        assertThat(last.get("items").get(0).get("id").asString()).isEqualTo(ids.getFirst().value());
        assertThat(last.get("hasNext").asBoolean()).isFalse();
    }

    @Test
    void filtersByStatusBusinessKeyTypeAndTime() throws Exception {
        String key = unique();
        SagaInstance completed = place(key + "-ok", "alice", SagaStatus.COMPLETED);
        SagaInstance compensated = place(key + "-declined", OrderShop.DECLINED, SagaStatus.COMPENSATED);
        String since = "&from=" + completed.createdAt();

        assertThat(ids(getJson("/sagaflow/api/sagas?status=COMPENSATED" + since)))
                .containsExactly(compensated.id().value());
        assertThat(ids(getJson("/sagaflow/api/sagas?businessKey=" + key + "-ok")))
                .containsExactly(completed.id().value());
        assertThat(ids(getJson("/sagaflow/api/sagas?type=another-saga" + since))).isEmpty();
        assertThat(ids(getJson("/sagaflow/api/sagas?to=" + completed.createdAt() + since))).isEmpty();
        assertThat(ids(getJson("/sagaflow/api/sagas?from=" + Instant.now().plusSeconds(60)))).isEmpty();
        assertThat(ids(getJson("/sagaflow/api/sagas?status=&businessKey=&type=" + since)))
                .containsExactly(compensated.id().value(), completed.id().value());
    }

    @Test
    void rejectsAPageLargerThanAllowedAndAMalformedSagaId() throws Exception {
        assertThat(status(get("/sagaflow/api/sagas?size=201").with(OPS))).isEqualTo(400);
        assertThat(status(get("/sagaflow/api/sagas?page=-1").with(OPS))).isEqualTo(400);
        assertThat(status(get("/sagaflow/api/sagas?status=LOST").with(OPS))).isEqualTo(400);
        assertThat(status(get("/sagaflow/api/sagas/not-a-uuid").with(OPS))).isEqualTo(400);
        assertThat(status(get("/sagaflow/api/sagas/" + UUID.randomUUID()).with(OPS))).isEqualTo(404);
    }

    @Test
    void showsTheTimelineWithMessagesSentRepliesReceivedAndCompensations() throws Exception {
        SagaInstance saga = place(unique(), OrderShop.DECLINED, SagaStatus.COMPENSATED);

        JsonNode detail = getJson("/sagaflow/api/sagas/" + saga.id());

        assertThat(detail.get("saga").get("status").asString()).isEqualTo("COMPENSATED");
        assertThat(detail.get("data").get("customer").asString()).isEqualTo(OrderShop.DECLINED);
        assertThat(detail.get("canRetry").asBoolean()).isFalse();
        List<String> rows = StreamSupport.stream(detail.get("timeline").spliterator(), false)
                .map(item -> (item.get("step").isNull() ? "saga" : item.get("step").asString()) + " "
                        + item.get("direction").asString() + " #" + item.get("attempt").asInt() + " "
                        + item.get("outcome").asString())
                .toList();
        assertThat(rows).containsExactly(
                "saga FORWARD #0 SAGA_STARTED",
                "reserve-inventory FORWARD #1 SUCCEEDED",
                "charge-payment FORWARD #1 REJECTED",
                "saga FORWARD #0 COMPENSATION_STARTED",
                "reserve-inventory COMPENSATION #1 SUCCEEDED",
                "saga FORWARD #0 SAGA_COMPENSATED");
        JsonNode reserve = detail.get("timeline").get(1).get("entries");
        assertThat(reserve.get(0).get("event").asString()).isEqualTo("COMMAND_SENT");
        assertThat(reserve.get(0).get("detail").asString()).startsWith("inventory ReserveStock ");
        assertThat(reserve.get(1).get("event").asString()).isEqualTo("SUCCEEDED");
        assertThat(detail.get("timeline").get(2).get("entries").get(1).get("detail").asString())
                .isEqualTo("card declined for " + OrderShop.DECLINED);
    }

    @Test
    void retriesAFailedSagaWithTheCsrfTokenAndItEndsCompensatedOnceTheParticipantIsFixed() throws Exception {
        shop.breakRelease();
        SagaInstance failed = place(unique(), OrderShop.DECLINED, SagaStatus.FAILED);
        assertThat(getJson("/sagaflow/api/sagas/" + failed.id()).get("canRetry").asBoolean()).isTrue();
        shop.fixRelease();

        assertThat(status(post("/sagaflow/api/sagas/" + failed.id() + "/retry").with(OPS))).isEqualTo(403);
        MvcResult retried = mvc.perform(post("/sagaflow/api/sagas/" + failed.id() + "/retry").with(OPS)
                .with(csrf())).andReturn();

        assertThat(retried.getResponse().getStatus()).isEqualTo(200);
        assertThat(engine.whenSettled(failed.id()).get(5, TimeUnit.SECONDS).status())
                .isEqualTo(SagaStatus.COMPENSATED);
        assertThat(status(post("/sagaflow/api/sagas/" + failed.id() + "/retry").with(OPS).with(csrf())))
                .isEqualTo(409);
    }

    @Test
    void abortsAFailedSagaRecordingTheReasonAndWhoAborted() throws Exception {
        shop.breakRelease();
        SagaInstance failed = place(unique(), OrderShop.DECLINED, SagaStatus.FAILED);
        shop.fixRelease();

        MvcResult aborted = mvc.perform(post("/sagaflow/api/sagas/" + failed.id() + "/abort").with(OPS)
                .with(csrf()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"stock released by hand\"}")).andReturn();

        assertThat(aborted.getResponse().getStatus()).isEqualTo(200);
        SagaInstance settled = engine.whenSettled(failed.id()).get(5, TimeUnit.SECONDS);
        assertThat(settled.history()).anySatisfy(h -> {
            assertThat(h.event()).isEqualTo(HistoryEvent.MANUAL_ABORT);
            assertThat(h.detail()).isEqualTo("stock released by hand (by user 'ops')");
        });
        assertThat(status(post("/sagaflow/api/sagas/" + failed.id() + "/abort").with(OPS).with(csrf())))
                .isEqualTo(409);
    }

    @Test
    void servesTheDefinitionsAsDataMermaidAndSvg() throws Exception {
        JsonNode definitions = getJson("/sagaflow/api/definitions");
        MvcResult mermaid = mvc.perform(get("/sagaflow/api/definitions/place-order/mermaid").with(OPS)).andReturn();
        MvcResult svg = mvc.perform(get("/sagaflow/api/definitions/place-order/svg").with(OPS)).andReturn();

        assertThat(definitions.get(0).get("name").asString()).isEqualTo("place-order");
        assertThat(definitions.get(0).get("steps").get(1).get("role").asString()).isEqualTo("PIVOT");
        assertThat(definitions.get(0).get("steps").get(0).get("compensation").asString())
                .isEqualTo("participant inventory");
        assertThat(mermaid.getResponse().getContentAsString())
                .isEqualTo(SagaDiagram.mermaid(OrderShop.PLACE_ORDER));
        assertThat(svg.getResponse().getContentType()).startsWith("image/svg+xml");
        assertThat(svg.getResponse().getContentAsString()).isEqualTo(SagaDiagram.svg(OrderShop.PLACE_ORDER));
        assertThat(status(get("/sagaflow/api/definitions/nope/mermaid").with(OPS))).isEqualTo(404);
    }

    @Test
    void leavesAccessToTheApplicationsSecurity() throws Exception {
        assertThat(status(get("/sagaflow/api/sagas"))).isIn(302, 401);
        assertThat(status(get("/sagaflow"))).isIn(302, 401);
        assertThat(status(get("/sagaflow/api/sagas").with(user("guest").roles("USER")))).isEqualTo(403);
    }

    @Test
    void servesThePageWithItsBasePathAndTheCsrfToken() throws Exception {
        MvcResult page = mvc.perform(get("/sagaflow").with(OPS)).andReturn();
        MvcResult script = mvc.perform(get("/sagaflow/assets/dashboard.js").with(OPS)).andReturn();

        String html = page.getResponse().getContentAsString();
        assertThat(page.getResponse().getContentType()).startsWith("text/html");
        assertThat(html).contains("<meta name=\"sagaflow-base\" content=\"/sagaflow\">",
                "<meta name=\"_csrf_header\" content=\"X-CSRF-TOKEN\">", "src=\"/sagaflow/assets/dashboard.js\"");
        assertThat(html).containsPattern("<meta name=\"_csrf\" content=\"[^\"]{16,}\">");
        assertThat(script.getResponse().getContentAsString()).contains("EventSource");
        assertThat(status(get("/sagaflow/assets/other.js").with(OPS))).isEqualTo(404);
    }

    @Test
    void opensAnEventStreamThatGreetsTheBrowser() throws Exception {
        MvcResult stream = mvc.perform(get("/sagaflow/api/events").with(OPS)
                .accept(MediaType.TEXT_EVENT_STREAM)).andReturn();

        assertThat(stream.getRequest().isAsyncStarted()).isTrue();
        assertThat(stream.getResponse().getContentAsString()).contains("event:hello");
    }

    private SagaInstance place(String key, String customer, SagaStatus expected) throws Exception {
        SagaId id = engine.startSaga(OrderShop.PLACE_ORDER, OrderShop.Order.of("o-" + key, customer), key);
        SagaInstance settled = engine.whenSettled(id).get(10, TimeUnit.SECONDS);
        assertThat(settled.status()).as(settled.trace()).isEqualTo(expected);
        return settled;
    }

    private Instant createdAt(SagaId id) {
        return engine.find(id).orElseThrow().createdAt();
    }

    private JsonNode getJson(String url) throws Exception {
        MvcResult result = mvc.perform(get(url).with(OPS).accept(MediaType.APPLICATION_JSON)).andReturn();
        assertThat(result.getResponse().getStatus()).as(result.getResponse().getContentAsString()).isEqualTo(200);
        return JSON.readTree(result.getResponse().getContentAsString());
    }

    private int status(RequestBuilder request) throws Exception {
        return mvc.perform(request).andReturn().getResponse().getStatus();
    }

    private static List<String> ids(JsonNode page) {
        return StreamSupport.stream(page.get("items").spliterator(), false).map(i -> i.get("id").asString())
                .toList();
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
