package io.sagaflow.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

class H2HandOverTest extends HandOverTests {
    @RegisterExtension
    static final ClassDatabase DATABASE = ClassDatabase.h2("hand-over");

    @Override
    TestDatabase database() {
        return DATABASE.get();
    }
}
