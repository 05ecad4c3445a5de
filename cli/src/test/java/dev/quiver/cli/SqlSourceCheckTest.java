package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.cli.CliProcess.Result;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code import --from-sqlite} checks every row before it writes anything, as its help says. */
class SqlSourceCheckTest {
  @TempDir
  Path dir;

  @Test
  void aBadRowNearTheEndFailsBeforeAnythingIsWrittenAndItsLongIdIsAbbreviated() throws Exception {
    Path db = dir.resolve("chat.db");
    String longId = "x".repeat(601);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE messages(id TEXT PRIMARY KEY, body TEXT)");
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages VALUES (?, ?)")) {
        for (int i = 0; i < 700; i++) {
          ps.setString(1, String.format("m%04d", i));
          ps.setString(2, "message " + i);
          ps.addBatch();
        }
        ps.setString(1, longId); // sorts last: the import reads in id order
        ps.setString(2, "the bad row");
        ps.addBatch();
        ps.executeBatch();
      }
      c.commit();
    }
    Path store = dir.resolve("s.quiver");
    Result r = quiver("import", "--store", store.toString(), "--from-sqlite", db.toString(), "--sql",
        "SELECT id, body AS text FROM messages");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("row with id '" + "x".repeat(60) + "...' (601 characters)")
        .doesNotContain("x".repeat(100));
    assertThat(store).doesNotExist();
    assertThat(dir.resolve("s.quiver-keyword")).doesNotExist();
  }
}
