package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import --deleted-sql}: a chat server's deleted messages leave the store on the next import. */
class DeletedSqlTest {
  static final String ITEMS = "SELECT id, body AS text, room FROM messages WHERE deleted_at IS NULL";
  static final String DELETED = "SELECT id FROM messages WHERE deleted_at IS NOT NULL";

  @TempDir
  Path dir;

  Path chat;
  Path store;

  @BeforeEach
  void chatDatabaseWithOneDeletedMessage() throws SQLException {
    chat = dir.resolve("chat.db");
    store = dir.resolve("chat.quiver");
    sql("CREATE TABLE messages (id TEXT PRIMARY KEY, body TEXT, room TEXT, deleted_at INTEGER)",
        "INSERT INTO messages VALUES ('m1', 'deploy moved to friday', 'ops', NULL), "
            + "('m2', 'lunch at noon', 'random', NULL), ('m3', 'the secret launch date', 'ops', 1700000000000), "
            + "('m4', 'release notes are out', 'dev', NULL)");
  }

  private void sql(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + chat); Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private Result importChat(String deletedSql) {
    return quiver("import", "--store", store.toString(), "--from-sqlite", chat.toString(), "--sql", ITEMS,
        "--deleted-sql", deletedSql);
  }

  private String stats() {
    return quiver("stats", "--store", store.toString(), "--json").out();
  }

  @Test
  void aMessageDeletedInTheChatDatabaseIsDeletedFromTheStoreByTheNextImport() throws SQLException {
    Result first = importChat(DELETED);
    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).startsWith("imported 3 items from ").contains("; deleted 0 of the 1 item --deleted-sql lists");

    sql("UPDATE messages SET deleted_at = 1700000001000 WHERE id = 'm1'");
    Result second = importChat(DELETED);

    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(second.out()).startsWith("imported 0 items from ")
        .contains("2 items already stored as given were skipped", "; deleted 1 of the 2 items --deleted-sql lists");
    assertThat(stats()).contains("\"items\":2");
    Result search = quiver("search", "--store", store.toString(), "--mode", "keyword", "--json", "deploy friday");
    assertThat(search.out()).as(search.toString()).doesNotContain("\"id\":\"m1\"");
  }

  @Test
  void aDeletedSqlWithoutAnIdColumnOrWithANullIdIsRefusedBeforeTheStoreChanges() {
    assertThat(importChat(DELETED).exitCode()).isZero();

    Result noId = importChat("SELECT body FROM messages WHERE deleted_at IS NOT NULL");
    assertThat(noId.exitCode()).as(noId.toString()).isEqualTo(2);
    assertThat(noId.err()).contains("--deleted-sql on " + chat, "returns columns [body]; expected a column named 'id'");

    Result nullId = importChat("SELECT NULL AS id");
    assertThat(nullId.exitCode()).as(nullId.toString()).isEqualTo(2);
    assertThat(nullId.err()).contains("row 1 has a NULL id");

    Result broken = importChat("SELECT id FROM no_such_table");
    assertThat(broken.exitCode()).as(broken.toString()).isEqualTo(2);
    assertThat(broken.err()).contains("no such table: no_such_table");
    assertThat(stats()).contains("\"items\":3");
  }

  @Test
  void deletedSqlNeedsASqliteSource() {
    Path items = CliProcess.write(dir.resolve("items.jsonl"), "{\"id\":\"a\",\"text\":\"x\"}");
    Result r = quiver("import", "--store", store.toString(), "--jsonl", items.toString(), "--deleted-sql", DELETED);
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("--deleted-sql needs --from-sqlite DB", "quiver delete --ids-from FILE");
  }
}
