package io.sagaflow.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The qualified names of Sagaflow's tables: an optional schema and a prefix, both checked to be plain identifiers
 * because they are written into SQL text.
 */
record TableNames(@Nullable String schema, String prefix) {
    static final String DEFAULT_PREFIX = "sagaflow_";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,39}");
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,29}");
    private static final int MAX_CHANNEL_LENGTH = 63;

    TableNames {
        if (schema != null && !IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must match " + IDENTIFIER.pattern() + ", was '" + schema + "'");
        }
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("table prefix must match " + PREFIX.pattern() + ", was '" + prefix
                    + "'");
        }
    }

    String qualifier() {
        return schema == null ? "" : schema + ".";
    }

    String saga() {
        return qualifier() + prefix + "saga";
    }

    String outbox() {
        return qualifier() + prefix + "outbox";
    }

    String inbox() {
        return qualifier() + prefix + "inbox";
    }

    String schemaVersion() {
        return qualifier() + prefix + "schema_version";
    }

    /** @return the values of the {@code ${schema}} and {@code ${prefix}} placeholders of the schema scripts */
    Map<String, String> placeholders() {
        return Map.of("schema", qualifier(), "prefix", prefix);
    }

    /** @return the PostgreSQL notification channel of this outbox: its name, or a hash when that is too long */
    String notifyChannel() {
        String name = outbox().toLowerCase(Locale.ROOT);
        if (name.length() <= MAX_CHANNEL_LENGTH) {
            return name;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "sagaflow_" + HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return qualifier() + prefix + "*";
    }
}
