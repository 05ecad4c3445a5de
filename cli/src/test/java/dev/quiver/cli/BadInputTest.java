package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static dev.quiver.cli.CliProcess.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed input fails the command with status 2 and one line naming the file (and line), before the store
 * is opened: nothing is created.
 */
class BadInputTest {
  @TempDir
  Path dir;

  @Test
  void malformedJsonlLineNamesFileAndLineAndCreatesNoStore() {
    Path items = write(dir.resolve("items.jsonl"),
        "{\"id\":\"a\",\"text\":\"first\"}",
        "",
        "{\"id\":\"b\",\"text\":\"second\"}",
        "{\"id\":\"c\",\"text\":",
        "{\"id\":\"d\",\"text\":\"fourth\"}");
    Path store = dir.resolve("s.quiver");
    Result r = quiver("import", "--store", store.toString(), "--jsonl", items.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(items + ":4: not valid JSON");
    assertThat(r.err().lines().filter(l -> !l.startsWith("WARNING: Using incubator"))).hasSize(1);
    assertThat(r.err()).doesNotContain("\tat ");
    assertThat(store).doesNotExist();
    assertThat(dir.resolve("s.quiver-keyword")).doesNotExist();
  }

  @Test
  void verboseAddsTheStackTrace() {
    Path items = write(dir.resolve("items.jsonl"), "[1, 2]");
    Result r = quiver("import", "--verbose", "--store", dir.resolve("s.quiver").toString(), "--jsonl",
        items.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(items + ":1: expected a JSON object; found array").contains("\tat ");
  }

  @Test
  void lineWithoutIdNamesFileAndLine() {
    Path items = write(dir.resolve("items.jsonl"), "{\"id\":\"a\",\"text\":\"x\"}", "{\"text\":\"no id\"}");
    Result r = quiver("import", "--store", dir.resolve("s.quiver").toString(), "--jsonl", items.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(items + ":2: missing \"id\"");
  }

  @Test
  void lineWithoutTextNamesFileAndLine() {
    Path items = write(dir.resolve("corpus.jsonl"), "{\"_id\":\"a\",\"title\":\"t\"}");
    Result r = quiver("rebuild", "--store", dir.resolve("s.quiver").toString(), "--jsonl", items.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(items + ":1: missing \"text\"");
  }

  @Test
  void missingJsonlFileIsBadInput() {
    Path missing = dir.resolve("nope.jsonl");
    Result r = quiver("import", "--store", dir.resolve("s.quiver").toString(), "--jsonl", missing.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("no such file: " + missing);
  }

  @Test
  void sqlWithoutIdColumnIsBadInputNamingTheColumns() throws Exception {
    Path db = dir.resolve("chat.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE messages(msg_id INTEGER PRIMARY KEY, body TEXT)");
      s.execute("INSERT INTO messages(body) VALUES ('hello')");
    }
    Path store = dir.resolve("s.quiver");
    Result r = quiver("import", "--store", store.toString(), "--from-sqlite", db.toString(), "--sql",
        "SELECT msg_id, body AS text FROM messages");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(db.toString()).contains("[msg_id, text]").contains("missing: id");
    assertThat(store).doesNotExist();
  }

  @Test
  void missingSourceDatabaseIsBadInputAndIsNotCreated() {
    Path db = dir.resolve("absent.db");
    Result r = quiver("import", "--store", dir.resolve("s.quiver").toString(), "--from-sqlite", db.toString(),
        "--sql", "SELECT 1 AS id, 'x' AS text");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(db.toString());
    assertThat(db).doesNotExist();
  }

  @Test
  void malformedQueriesFileIsBadInput() {
    Path queries = write(dir.resolve("queries.jsonl"), "{\"_id\":\"q1\"}");
    Result r = quiver("search", "--store", dir.resolve("s.quiver").toString(), "--queries", queries.toString());
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains(queries + ":1: missing query \"text\"");
  }
}
