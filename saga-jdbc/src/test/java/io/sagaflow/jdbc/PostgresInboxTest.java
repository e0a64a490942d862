package io.sagaflow.jdbc;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(RequiresPostgres.class)
class PostgresInboxTest extends InboxTests {
    @RegisterExtension
    static final ClassDatabase DATABASE = ClassDatabase.postgres();

    @Override
    TestDatabase database() {
        return DATABASE.get();
    }
}
