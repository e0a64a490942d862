package io.sagaflow.jdbc.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.sagaflow.SagaInstance;
import io.sagaflow.SagaStatus;
import io.sagaflow.inmemory.InMemoryMessageBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurabilityExampleTest {
    private static final Path EXAMPLE = Path.of("src/test/java/io/sagaflow/jdbc/docs/DurabilityExample.java");
    private static final Path PAGE = Path.of("../docs/durability.md");

    @Test
    void exampleRunsAnOrderToCompletionOnTwoEmbeddedDatabases(@TempDir Path directory) throws Exception {
        try (HikariDataSource orders = h2(directory, "orders"); HikariDataSource inventory = h2(directory, "inventory");
             InMemoryMessageBroker broker = new InMemoryMessageBroker()) {
            try (Connection c = inventory.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE reservation (order_id VARCHAR(50) PRIMARY KEY, quantity INTEGER NOT NULL)");
            }

            SagaInstance saga = DurabilityExample.placeOrder(orders, inventory, broker);

            assertThat(saga.status()).isEqualTo(SagaStatus.COMPLETED);
            try (Connection c = inventory.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT quantity FROM reservation WHERE order_id = 'order-1'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
        }
    }

    @Test
    void pageQuotesEveryTaggedRegionOfTheExample() throws IOException {
        String page = Files.readString(PAGE);
        List<String> regions = regions(Files.readString(EXAMPLE));

        assertThat(regions).hasSize(3);
        for (String region : regions) {
            assertThat(page).as("docs/durability.md quotes this region of DurabilityExample").contains(region);
        }
    }

    /** @return the tagged regions, each de-indented by its first line's indentation */
    private static List<String> regions(String source) {
        Matcher m = Pattern.compile("// tag::(\\w+)\\[]\\n(.*?)\\n\\s*// end::\\1\\[]", Pattern.DOTALL).matcher(source);
        List<String> regions = new ArrayList<>();
        while (m.find()) {
            String body = m.group(2);
            int indent = body.length() - body.stripLeading().length();
            StringBuilder out = new StringBuilder();
            for (String line : body.split("\n")) {
                out.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
            }
            regions.add(out.toString().stripTrailing());
        }
        return regions;
    }

    private static HikariDataSource h2(Path directory, String name) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl("jdbc:h2:file:" + directory.resolve(name).toAbsolutePath() + ";MODE=PostgreSQL");
        dataSource.setUsername("sa");
        dataSource.setMaximumPoolSize(6);
        return dataSource;
    }
}
