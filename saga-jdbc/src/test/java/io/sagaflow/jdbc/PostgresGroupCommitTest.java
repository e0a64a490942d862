package io.sagaflow.jdbc;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(RequiresPostgres.class)
class PostgresGroupCommitTest extends GroupCommitTests {
    @RegisterExtension
    static final ClassDatabase DATABASE = ClassDatabase.postgres(24);

    @Override
    TestDatabase database() {
        return DATABASE.get();
    }
}
