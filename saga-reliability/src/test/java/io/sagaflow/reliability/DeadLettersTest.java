package io.sagaflow.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The chaos check of a dead-letter queue: exactly the poison messages, each at least once, each with its reason. */
class DeadLettersTest {
    @Test
    void aPoisonMessageDeadLetteredTwiceAfterACrashPasses() {
        // 4 injected; one was dead-lettered, its consumer killed before the ack, and dead-lettered again.
        assertThat(new Poison.DeadLetters(5, 5, 5, 4).violations("q.dlq", 4)).isEmpty();
    }

    @Test
    void aMissingPoisonMessageFailsEvenWhenADuplicateMakesUpTheCount() {
        assertThat(new Poison.DeadLetters(4, 4, 4, 3).violations("q.dlq", 4)).containsExactly(
                "q.dlq holds 4 messages, 4 of them poison (3 distinct); 4 poison messages were injected there");
    }

    @Test
    void aMessageThatIsNotPoisonFails() {
        assertThat(new Poison.DeadLetters(5, 4, 5, 4).violations("q.dlq", 4)).containsExactly(
                "q.dlq holds 5 messages, 4 of them poison (4 distinct); 4 poison messages were injected there");
    }

    @Test
    void aMessageWithoutItsReasonFails() {
        assertThat(new Poison.DeadLetters(4, 4, 3, 4).violations("q.dlq", 4)).containsExactly(
                "q.dlq: 1 messages without " + Poison.REASON_HEADER);
        assertThat(Poison.DeadLetters.NONE.violations("q.dlq", 0)).isEmpty();
    }
}
