package io.sagaflow.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestDatabase} for a test class, opened before its tests and closed after them: register it in a
 * {@code static} field with {@code @RegisterExtension}. An H2 database lives in a temporary directory of its own,
 * deleted afterwards. Put {@link RequiresPostgres} on a PostgreSQL class as before: class-level extensions run first,
 * so a class skipped for a missing server never opens a pool.
 */
final class ClassDatabase implements BeforeAllCallback, AfterAllCallback {
    private final Function<@Nullable Path, TestDatabase> opener;
    private final boolean needsDirectory;
    private @Nullable Path directory;
    private @Nullable TestDatabase database;

    private ClassDatabase(Function<@Nullable Path, TestDatabase> opener, boolean needsDirectory) {
        this.opener = opener;
        this.needsDirectory = needsDirectory;
    }

    /** @param name the H2 file's name */
    static ClassDatabase h2(String name) {
        return new ClassDatabase(directory -> TestDatabase.h2(java.util.Objects.requireNonNull(directory), name),
                true);
    }

    static ClassDatabase postgres() {
        return new ClassDatabase(directory -> TestDatabase.postgres(), false);
    }

    /** @param poolSize connections in the pool */
    static ClassDatabase postgres(int poolSize) {
        return new ClassDatabase(directory -> TestDatabase.postgres(poolSize), false);
    }

    /** @return the open database @throws IllegalStateException outside the test class's lifetime */
    TestDatabase get() {
        if (database == null) {
            throw new IllegalStateException("the test class's database is not open");
        }
        return database;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        directory = needsDirectory ? Files.createTempDirectory("sagaflow-" + context.getDisplayName()) : null;
        database = opener.apply(directory);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (database != null) {
                database.close();
            }
        } finally {
            database = null;
            if (directory != null) {
                try (Stream<Path> files = Files.walk(directory)) {
                    files.sorted(Comparator.reverseOrder()).forEach(ClassDatabase::delete);
                }
                directory = null;
            }
        }
    }

    private static void delete(Path path) {
        try {
            Files.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }
}
