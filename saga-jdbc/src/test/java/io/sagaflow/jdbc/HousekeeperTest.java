package io.sagaflow.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.sagaflow.Direction;
import io.sagaflow.SagaId;
import io.sagaflow.SagaStatus;
import io.sagaflow.spi.SagaRecord;
import io.sagaflow.spi.StepPhase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HousekeeperTest {
    @Test
    void deletesSettledSagasSentMessagesAndCommandRecordsPastTheRetention(@TempDir Path directory) throws Exception {
        try (TestDatabase database = TestDatabase.h2(directory, "housekeeping")) {
            String schema = database.newSchema();
            Instant now = Instant.now();
            try (JdbcSagaStore store = database.store(schema); JdbcParticipantInbox inbox = database.inbox(schema)) {
                SagaRecord old = saga(SagaStatus.COMPLETED, now.minus(Duration.ofDays(10)));
                SagaRecord failed = saga(SagaStatus.FAILED, now.minus(Duration.ofDays(10)));
                SagaRecord recent = saga(SagaStatus.COMPENSATED, now.plus(Duration.ofDays(2)));
                for (SagaRecord record : List.of(old, failed, recent)) {
                    store.create(record, List.of(Messages.command("m-" + record.id(), record.id())));
                }
                store.outbox().relay(10, batch -> { });
                inbox.process(Messages.command("cmd-1", old.id()), Messages::replyTo);
                inbox.outbox().relay(10, batch -> { });
                JdbcHousekeeper housekeeper = JdbcHousekeeper.builder().store(store).inbox(inbox)
                        .retention(Duration.ofDays(7))
                        // Cut-off: one day from now; everything written during the test is older.
                        .clock(InstantSource.fixed(now.plus(Duration.ofDays(8)))).build();

                JdbcHousekeeper.Result result = housekeeper.runOnce();

                assertThat(result).isEqualTo(new JdbcHousekeeper.Result(1, 1));
                assertThat(store.find(old.id())).isEmpty();
                assertThat(store.find(failed.id())).isPresent();
                assertThat(store.find(recent.id())).isPresent();
                assertThat(database.count("SELECT COUNT(*) FROM " + schema + ".sagaflow_outbox")).isZero();
                assertThat(housekeeper.runOnce()).isEqualTo(new JdbcHousekeeper.Result(0, 0));
                housekeeper.close();
            }
        }
    }

    private static SagaRecord saga(SagaStatus status, Instant updatedAt) {
        return new SagaRecord(SagaId.random(), "s", null, status, 0, new byte[0], 0, Direction.FORWARD,
                StepPhase.IDLE, 1, null, null, List.of(), null, List.of(), updatedAt, updatedAt);
    }
}
