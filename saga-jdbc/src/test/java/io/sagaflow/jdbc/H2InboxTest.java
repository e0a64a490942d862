package io.sagaflow.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

class H2InboxTest extends InboxTests {
    @RegisterExtension
    static final ClassDatabase DATABASE = ClassDatabase.h2("inbox");

    @Override
    TestDatabase database() {
        return DATABASE.get();
    }
}
