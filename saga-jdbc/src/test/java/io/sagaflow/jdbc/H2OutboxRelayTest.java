package io.sagaflow.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

class H2OutboxRelayTest extends OutboxRelayTests {
    @RegisterExtension
    static final ClassDatabase DATABASE = ClassDatabase.h2("outbox");

    @Override
    TestDatabase database() {
        return DATABASE.get();
    }
}
