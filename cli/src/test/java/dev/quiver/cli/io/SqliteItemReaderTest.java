package dev.quiver.cli.io;

import dev.quiver.datasets.InputException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class SqliteItemReaderTest {
  @TempDir
  Path dir;

  @Test
  void readsRowsAcrossChunksWithAttributesAndTimestampsAndLeavesTheFileUntouched() throws Exception {
    Path db = source("chat.db", "delete", 1234);
    String before = sha256(db);
    List<Item> items = new ArrayList<>();
    try (SqliteItemReader r = SqliteItemReader.open(db,
        "SELECT id, body AS text, room, created AS timestamp, NULL AS gone FROM messages;")) {
      assertThat(r.expectedCount()).isEqualTo(1234);
      r.forEachRemaining(items::add);
      assertThat(r.skipped()).isZero();
    }
    assertThat(items).hasSize(1234);
    assertThat(items).extracting(Item::id).doesNotHaveDuplicates();
    assertThat(items.get(0)).isEqualTo(new Item("1", "message 1", Map.of("room", "room-1"), 1_700_000_000_001L));
    assertThat(sha256(db)).isEqualTo(before);
    assertThat(journalMode(db)).isEqualTo("delete");
    assertThat(dir.resolve("chat.db-journal")).doesNotExist();
  }

  @Test
  void leavesAWalDatabaseInWalMode() throws Exception {
    Path db = source("wal.db", "wal", 10);
    try (SqliteItemReader r = SqliteItemReader.open(db, "SELECT id, body AS text FROM messages")) {
      List<Item> items = new ArrayList<>();
      r.forEachRemaining(items::add);
      assertThat(items).hasSize(10);
    }
    assertThat(journalMode(db)).isEqualTo("wal");
  }

  @Test
  // without the bound this read chases the writer forever
  @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void stopsAtTheRowsItCheckedWhileAWriterKeepsAdding() throws Exception {
    Path db = source("live.db", "wal", 1200);
    List<Item> items = new ArrayList<>();
    try (SqliteItemReader r = SqliteItemReader.open(db, "SELECT id, body AS text FROM messages");
        Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db);
        PreparedStatement insert = writer.prepareStatement("INSERT INTO messages(body) VALUES (?)")) {
      while (r.hasNext()) {
        items.add(r.next());
        insert.setString(1, "live message " + items.size()); // a row behind every row read: never caught up
        insert.executeUpdate();
      }
    }
    assertThat(items).hasSize(1200);
    assertThat(items.get(1199).id()).isEqualTo("1200");
    assertThat(count(db)).isEqualTo(2400);
  }

  @Test
  void aSourceThatWasEmptyWhenCheckedImportsNothing() throws Exception {
    Path db = source("empty.db", "wal", 0);
    try (SqliteItemReader r = SqliteItemReader.open(db, "SELECT id, body AS text FROM messages");
        Connection writer = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = writer.createStatement()) {
      s.executeUpdate("INSERT INTO messages(body) VALUES ('added after the check')");
      assertThat(r.hasNext()).isFalse();
    }
  }

  @Test
  void skipsAndCountsRowsWithNullText() throws Exception {
    Path db = source("chat.db", "delete", 5);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("UPDATE messages SET body = NULL WHERE id IN (2, 4)");
    }
    try (SqliteItemReader r = SqliteItemReader.open(db, "SELECT id, body AS text FROM messages")) {
      List<String> ids = new ArrayList<>();
      r.forEachRemaining(i -> ids.add(i.id()));
      assertThat(ids).containsExactly("1", "3", "5");
      assertThat(r.skipped()).isEqualTo(2);
    }
  }

  @Test
  void refusesAQueryWithoutIdOrTextColumnsNamingWhatItFound() throws Exception {
    Path db = source("chat.db", "delete", 1);
    assertThatThrownBy(() -> SqliteItemReader.open(db, "SELECT id, body FROM messages"))
        .isInstanceOf(InputException.class)
        .hasMessage("query on " + db + " returns columns [id, body]; expected columns named 'id' and 'text' "
            + "(missing: text)");
    assertThatThrownBy(() -> SqliteItemReader.open(db, "SELECT nope FROM messages"))
        .isInstanceOf(InputException.class).hasMessageContaining("no such column: nope");
  }

  @Test
  void cannotWriteThroughTheQuery() throws Exception {
    Path db = source("chat.db", "delete", 1);
    assertThatThrownBy(() -> SqliteItemReader.open(db, "DELETE FROM messages RETURNING id, body AS text"))
        .isInstanceOf(InputException.class);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM messages")) {
      assertThat(rs.getInt(1)).isEqualTo(1);
    }
  }

  @Test
  void escapesPathsThatLookLikeUriSyntax() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("odd dir #1 ?x %20"));
    Path db = sub.resolve("chat.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t(id TEXT, text TEXT)");
      s.execute("INSERT INTO t VALUES ('a', 'b')");
    }
    try (SqliteItemReader r = SqliteItemReader.open(db, "SELECT * FROM t")) {
      assertThat(r.next()).isEqualTo(Item.of("a", "b"));
    }
  }

  private static long count(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM messages")) {
      return rs.getLong(1);
    }
  }

  private Path source(String name, String journalMode, int rows) throws Exception {
    Path db = dir.resolve(name);
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA journal_mode=" + journalMode);
        s.execute("CREATE TABLE messages(id INTEGER PRIMARY KEY, body TEXT, room TEXT, created INTEGER)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO messages VALUES (?, ?, ?, ?)")) {
        for (int i = 1; i <= rows; i++) {
          ps.setInt(1, i);
          ps.setString(2, "message " + i);
          ps.setString(3, "room-" + (i % 7));
          ps.setLong(4, 1_700_000_000_000L + i);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    }
    return db;
  }

  static String journalMode(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
      return rs.getString(1);
    }
  }

  static String sha256(Path f) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
  }
}
