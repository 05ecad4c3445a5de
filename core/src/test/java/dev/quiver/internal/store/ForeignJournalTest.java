package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Item;
import dev.quiver.Metric;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code -wal} or hot {@code -journal} that is not the store file's own is never replayed into it: it is
 * moved to the quarantine directory and the store opens as it was. Its own, left by a crash, still is.
 */
class ForeignJournalTest {
  private static final StoreOptions OPTIONS = StoreOptions.of(3, Metric.COSINE);
  @TempDir Path dir;

  private Path store() {
    return dir.resolve("chat.quiver");
  }

  private Path wal() {
    return dir.resolve("chat.quiver-wal");
  }

  @Test
  void anotherDatabasesWalIsMovedAsideAndNeverReplayed() throws Exception {
    writeTen(store());
    Path other = Files.createDirectories(dir.resolve("other")).resolve("app.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA wal_autocheckpoint=0");
      s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
      for (int i = 0; i < 50; i++) {
        s.execute("INSERT INTO users (name) VALUES ('user " + i + "')");
      }
      Files.copy(other.resolveSibling("app.db-wal"), wal());
    }
    String foreign = sha256(wal());

    try (VectorStore store = VectorStore.open(store(), OPTIONS)) {
      assertTen(store);
    }
    assertThat(quarantined("chat.quiver-wal")).singleElement().satisfies(p -> assertThat(sha256(p)).isEqualTo(foreign));
  }

  @Test
  void anotherQuiverStoresWalIsMovedAsideAndNoItemAppearsOrVanishes() throws Exception {
    writeTen(store());
    Path other = Files.createDirectories(dir.resolve("other")).resolve("other.quiver");
    crashAfterWrites(other, 30);
    Files.copy(other.resolveSibling("other.quiver-wal"), wal());

    try (VectorStore store = VectorStore.open(store(), OPTIONS)) {
      assertTen(store);
      assertThat(store.get("msg:0")).isEmpty();
    }
    assertThat(quarantined("chat.quiver-wal")).hasSize(1);
  }

  @Test
  void itsOwnWalLeftByACrashIsReplayed() throws Exception {
    int acknowledged = crashAfterWrites(store(), 40);
    assertThat(wal()).exists();
    try (VectorStore store = VectorStore.open(store(), OPTIONS)) {
      for (int i = 0; i < acknowledged; i++) {
        assertThat(store.get("msg:" + i)).as("msg:%d", i).isPresent();
      }
      assertThat(store.check()).isEmpty();
    }
    assertThat(quarantineDir().toFile()).doesNotExist();
  }

  @Test
  void aWalOlderThanItsFileRestoredFromABackupIsNotReplayedOverIt() throws Exception {
    writeTen(store());
    Path backup = dir.resolve("backup.quiver");
    Files.copy(store(), backup);
    try (VectorStore store = VectorStore.open(store(), OPTIONS)) {
      store.upsert(Item.of("later", "after the backup"), new float[] {1, 1, 1});
    }
    // a new WAL generation starts after that change; the crash leaves its WAL behind
    crashAfterWrites(store(), 20);
    Files.copy(backup, store(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    try (VectorStore store = VectorStore.open(store(), OPTIONS)) {
      assertTen(store);
      assertThat(store.get("later")).isEmpty();
      assertThat(store.check()).isEmpty();
    }
    assertThat(quarantined("chat.quiver-wal")).hasSize(1);
  }

  @Test
  void anotherDatabasesHotJournalIsMovedAsideInRollbackMode() throws Exception {
    try (VectorStore store = VectorStore.open(store(), OPTIONS, "overlay")) {
      writeTen(store);
    }
    Path other = Files.createDirectories(dir.resolve("other")).resolve("app.db");
    hotJournal(other, "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)",
        "UPDATE users SET name = 'changed ' || id");
    Files.copy(other.resolveSibling("app.db-journal.hot"), dir.resolve("chat.quiver-journal"));
    String before = sha256(store());

    try (VectorStore store = VectorStore.open(store(), OPTIONS, "overlay")) {
      assertTen(store);
      assertThat(store.check()).isEmpty();
    }
    assertThat(quarantined("chat.quiver-journal")).hasSize(1);
    assertThat(sha256(store())).isEqualTo(before);
  }

  @Test
  void itsOwnHotJournalIsRolledBack() throws Exception {
    try (VectorStore store = VectorStore.open(store(), OPTIONS, "overlay")) {
      writeTen(store);
    }
    Files.deleteIfExists(dir.resolve("chat.quiver-owner"));
    // a transaction that rewrote the meta page first, spilled damaged rows into the file, then crashed
    Path copy = dir.resolve("crashed.quiver");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + store()); Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=DELETE");
      s.execute("PRAGMA cache_size=1");
      s.execute("BEGIN IMMEDIATE");
      s.execute("UPDATE quiver_meta SET value = '99' WHERE key = 'sequence'");
      s.execute("UPDATE quiver_items SET text = 'half-written ' || hex(randomblob(600))");
      Files.copy(store(), copy);
      Files.copy(dir.resolve("chat.quiver-journal"), dir.resolve("crashed.quiver-journal"));
      s.execute("ROLLBACK");
    }
    Files.move(copy, store(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.move(dir.resolve("crashed.quiver-journal"), dir.resolve("chat.quiver-journal"));

    try (VectorStore store = VectorStore.open(store(), OPTIONS, "overlay")) {
      assertTen(store);
      assertThat(store.sequence()).isEqualTo(10);
      assertThat(store.check()).isEmpty();
    }
    assertThat(quarantineDir().toFile()).doesNotExist();
  }

  /** Builds {@code db} with the statements, then leaves {@code <db>-journal.hot}: a copy taken mid-transaction. */
  private static void hotJournal(Path db, String create, String change) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=DELETE");
      s.execute(create);
      for (int i = 0; i < 300; i++) {
        s.execute("INSERT INTO users (name) VALUES ('user " + i + " " + "x".repeat(100) + "')");
      }
      s.execute("PRAGMA cache_size=1");
      s.execute("BEGIN IMMEDIATE");
      s.execute(change);
      Files.copy(db.resolveSibling(db.getFileName() + "-journal"), db.resolveSibling(db.getFileName()
          + "-journal.hot"));
      s.execute("ROLLBACK");
    }
  }

  private static void writeTen(Path file) {
    try (VectorStore store = VectorStore.open(file, OPTIONS)) {
      writeTen(store);
    }
  }

  private static void writeTen(VectorStore store) {
    for (int i = 0; i < 10; i++) {
      store.upsert(Item.of("kb:" + i, "entry " + i), new float[] {1, i, 0});
    }
  }

  private static void assertTen(VectorStore store) {
    assertThat(store.count()).isEqualTo(10);
    for (int i = 0; i < 10; i++) {
      assertThat(store.get("kb:" + i)).map(Item::text).contains("entry " + i);
    }
  }

  /** A child JVM writes msg:0, msg:1, ... to {@code file} and is killed after {@code n} acknowledged writes. */
  private static int crashAfterWrites(Path file, int n) throws Exception {
    Process writer = ChildProcessTest.start("write", file);
    try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(),
        StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).isEqualTo("opened");
      for (int i = 0; i < n; i++) {
        assertThat(out.readLine()).isEqualTo("committed msg:" + i);
      }
    } finally {
      writer.destroyForcibly();
      assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    return n;
  }

  private Path quarantineDir() {
    return dir.resolve("chat.quiver-quarantine");
  }

  private List<Path> quarantined(String name) throws Exception {
    List<Path> found = new ArrayList<>();
    if (!Files.exists(quarantineDir())) {
      return found;
    }
    try (Stream<Path> files = Files.walk(quarantineDir())) {
      files.filter(p -> p.getFileName().toString().equals(name)).forEach(found::add);
    }
    return found;
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
