package io.sagaflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.testing.Order;
import java.io.StringReader;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

class SagaDiagramTest {
    record Cmd(String id) { }

    static final SagaDefinition<Order> PLACE_ORDER = SagaDefinition.builder("place-order", Order.class)
            .step("reserve-inventory").invokeParticipant("inventory", o -> new Cmd(o.id()))
            .withCompensation("inventory", o -> new Cmd(o.id()))
            .step("charge-payment").invokeParticipant("payment", o -> new Cmd(o.id())).pivot()
            .step("send-confirmation").publish("order-events", o -> new Cmd(o.id())).retriable()
            .build();

    @Test
    void mermaidDrawsStepsInOrderWithFailuresDashedBackThroughCompensations() {
        assertThat(SagaDiagram.mermaid(PLACE_ORDER)).isEqualTo("""
                flowchart LR
                    start(("place-order"))
                    s1["reserve-inventory<br/>compensatable, participant inventory"]
                    s2["charge-payment<br/>pivot, participant payment"]
                    s3["send-confirmation<br/>retriable, publish order-events"]
                    completed(["COMPLETED"])
                    c1["undo reserve-inventory<br/>participant inventory"]
                    compensated(["COMPENSATED"])
                    start --> s1
                    s1 --> s2
                    s2 --> s3
                    s3 --> completed
                    s1 -. fails .-> compensated
                    s2 -. fails .-> c1
                    c1 -.-> compensated
                """);
    }

    @Test
    void mermaidChainsSeveralCompensationsInReverseOrderAndSkipsStepsWithoutOne() {
        SagaDefinition<Order> definition = SagaDefinition.builder("book-trip", Order.class)
                .step("hold-flight").invokeLocal(LocalResult::done).withCompensation(LocalResult::done)
                .step("hold-hotel").invokeParticipant("hotel", o -> new Cmd(o.id()))
                .withCompensationEvent("hotel-events", o -> new Cmd(o.id()))
                .step("pay").invokeLocal(LocalResult::done).pivot()
                .build();

        assertThat(SagaDiagram.mermaid(definition)).isEqualTo("""
                flowchart LR
                    start(("book-trip"))
                    s1["hold-flight<br/>compensatable, local"]
                    s2["hold-hotel<br/>compensatable, participant hotel"]
                    s3["pay<br/>pivot, local"]
                    completed(["COMPLETED"])
                    c1["undo hold-flight<br/>local"]
                    c2["undo hold-hotel<br/>publish hotel-events"]
                    compensated(["COMPENSATED"])
                    start --> s1
                    s1 --> s2
                    s2 --> s3
                    s3 --> completed
                    s1 -. fails .-> compensated
                    s2 -. fails .-> c1
                    s3 -. fails .-> c2
                    c1 -.-> compensated
                    c2 -.-> c1
                """);
    }

    @Test
    void svgIsWellFormedWithOneBoxPerStepAndCompensationAndDashedFailureEdges() throws Exception {
        String svg = SagaDiagram.svg(PLACE_ORDER);

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(svg)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        // 3 steps + 1 compensation boxes + 2 end pills
        assertThat(document.getElementsByTagName("rect").getLength()).isEqualTo(6);
        assertThat(svg).contains(">reserve-inventory<", ">undo reserve-inventory<", ">pivot, participant payment<",
                ">COMPLETED<", ">COMPENSATED<");
        // 2 failure edges + 1 compensation edge are dashed
        assertThat(svg.split("<line[^>]*stroke-dasharray", -1)).hasSize(4);
    }
}
