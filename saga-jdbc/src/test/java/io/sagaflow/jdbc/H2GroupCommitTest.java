package io.sagaflow.jdbc;

import org.junit.jupiter.api.extension.RegisterExtension;

class H2GroupCommitTest extends GroupCommitTests {
    @RegisterExtension
    static final ClassDatabase DATABASE = ClassDatabase.h2("group-commit");

    @Override
    TestDatabase database() {
        return DATABASE.get();
    }
}
