package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.quiver.ErrorCode;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.QuiverException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The holes hostile testing found in the store-file guards: file names that are not plain URI paths, the
 * primary database's sidecar names, primaries that do not exist yet, and files this process cannot write.
 * Every case runs on real files; a refusal is checked to leave every byte of every file as it was.
 */
class StoreFileHostileNamesTest {
  private static final StoreOptions OPTIONS = StoreOptions.of(3, Metric.COSINE);
  @TempDir Path dir;

  // ---- 1. file names that a URI filename must escape ----

  @ParameterizedTest
  @ValueSource(strings = {"x#1.db", "what?mode=memory.quiver", "100%41 done.quiver", "na\u00efve caf\u00e9 \u65e5\u672c.quiver",
      "a&b=c;d'e.quiver", "#?%&=+.quiver", " spaced out .quiver"})
  void aStoreAtANameThatAUriMustEscapeIsCreatedWrittenAndReopened(String name) throws Exception {
    Path file = dir.resolve(name);
    try (VectorStore store = VectorStore.open(file, OPTIONS)) {
      store.upsert(Item.of("a", "first"), new float[] {1, 0, 0});
    }
    try (VectorStore store = VectorStore.open(file, OPTIONS)) {
      assertThat(store.count()).isEqualTo(1);
      assertThat(store.get("a")).isPresent();
      store.upsert(Item.of("b", "second"), new float[] {0, 1, 0});
    }
    try (VectorStore store = VectorStore.open(file, OPTIONS)) {
      assertThat(store.count()).isEqualTo(2);
    }
    // the data is in the file of that name, and no file of another name appeared
    assertThat(tablesOf(file)).contains("quiver_items");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).allSatisfy(n -> assertThat(n).startsWith(name));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"x#1.db", "what?mode=memory.quiver", "100%41 done.quiver", "na\u00efve caf\u00e9 \u65e5\u672c.db",
      "a&b=c;d'e.db", "#?%&=+.db", " spaced out .db"})
  void aForeignDatabaseAtANameThatAUriMustEscapeIsRefusedNamingItsOwnTables(String name) throws Exception {
    Path foreign = dir.resolve(name);
    Files.move(foreignDatabase(dir.resolve("staging.db"), "hostile_messages"), foreign);
    // files a half-escaped URI would reach instead: the name cut at '#', '?' or '%'
    Path cut = dir.resolve("100A done.quiver");
    Files.move(foreignDatabase(dir.resolve("staging.db"), "decoy_table"), cut);
    Map<Path, String> before = snapshot(dir);

    Throwable refusal = catchThrowable(() -> VectorStore.open(foreign, OPTIONS));

    assertThat(snapshot(dir)).isEqualTo(before);
    assertRefused(() -> {
      throw refusal;
    }, ErrorCode.FOREIGN).hasMessageContaining(foreign.toString()).hasMessageContaining("[hostile_messages]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"chat.db#old", "chat.db?old", "chat.db?mode=rw"})
  void refusingAForeignDatabaseNamedAfterTheChatDatabaseNeverTouchesTheChatDatabaseOrItsHotJournal(String name)
      throws Exception {
    Path chat = dir.resolve("chat.db");
    Path journal = dir.resolve("chat.db-journal");
    hotJournal(dir.resolve("staging"), chat);
    Path old = dir.resolve(name);
    Files.move(foreignDatabase(dir.resolve("staging.db"), "archived_messages"), old);
    String chatBefore = sha256(chat);
    String journalBefore = sha256(journal);
    Map<Path, String> before = snapshot(dir);

    Throwable refusal = catchThrowable(() -> VectorStore.open(old, OPTIONS));

    assertThat(journal).as("the chat database's hot journal").exists();
    assertThat(sha256(journal)).as("chat.db-journal").isEqualTo(journalBefore);
    assertThat(sha256(chat)).as("chat.db").isEqualTo(chatBefore);
    assertThat(snapshot(dir)).isEqualTo(before);
    assertRefused(() -> {
      throw refusal;
    }, ErrorCode.FOREIGN).hasMessageContaining(old.toString()).hasMessageContaining("[archived_messages]")
        .hasMessageNotContaining("users");
  }

  // ---- 2. sidecar names ----

  @ParameterizedTest
  @ValueSource(strings = {"-journal", "-wal", "-shm", "-mj", "-mj06A1F29C"})
  void aStoreAtASidecarNameOfThePrimaryIsRefused(String suffix) throws Exception {
    Path primary = foreignDatabase(dir.resolve("chat.db"), "messages");
    Path sidecar = dir.resolve("chat.db" + suffix);
    Path link = Files.createSymbolicLink(dir.resolve("vectors.quiver"), sidecar.getFileName());
    StoreOptions guarded = OPTIONS.withPrimaryDatabase(primary);
    Map<Path, String> before = snapshot(dir);

    assertRefused(() -> VectorStore.open(sidecar, guarded), ErrorCode.PRIMARY_DATABASE)
        .hasMessageContaining(sidecar.toString()).hasMessageContaining(primary.toString())
        .hasMessageContaining("chat.quiver");
    assertRefused(() -> VectorStore.open(link, guarded), ErrorCode.PRIMARY_DATABASE)
        .hasMessageContaining(link.toString());

    assertThat(snapshot(dir)).isEqualTo(before);
  }

  @Test
  void aStoreAtTheLiveWriteAheadLogOfThePrimaryIsRefusedBeforeItIsRead() throws Exception {
    Path primary = dir.resolve("chat.db");
    try (Connection chat = DriverManager.getConnection("jdbc:sqlite:" + primary);
        Statement s = chat.createStatement()) {
      s.execute("PRAGMA journal_mode=WAL");
      s.execute("PRAGMA wal_autocheckpoint=0");
      s.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, body TEXT)");
      s.execute("INSERT INTO messages (body) VALUES ('hello')");
      Path wal = dir.resolve("chat.db-wal");
      assertThat(wal).exists();
      Map<Path, String> before = snapshot(dir);

      assertRefused(() -> VectorStore.open(wal, OPTIONS.withPrimaryDatabase(primary)),
          ErrorCode.PRIMARY_DATABASE).hasMessageContaining("write-ahead log");

      assertThat(snapshot(dir)).isEqualTo(before);
      s.execute("INSERT INTO messages (body) VALUES ('still writable')");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"-journal", "-wal", "-shm"})
  void aStoreNamedLikeAnSqliteSidecarIsRefusedEvenWithoutAPrimary(String suffix) throws Exception {
    Path file = dir.resolve("vectors" + suffix);
    Path link = Files.createSymbolicLink(dir.resolve("vectors.quiver"), Path.of("other.db" + suffix));
    Map<Path, String> before = snapshot(dir);

    assertThatThrownBy(() -> VectorStore.open(file, OPTIONS)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("'" + suffix + "'")
        .hasMessageContaining("vectors.quiver");
    assertThatThrownBy(() -> VectorStore.open(link, OPTIONS)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(link.toString()).hasMessageContaining("other.db" + suffix);

    assertThat(snapshot(dir)).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-wal", "-journal", "-shm", "-owner", "-rebuild", "-rebuild-wal", "-rebuild-journal",
      "-keyword", "-quarantine", "-endpoint"})
  void aPrimaryDatabaseAtOneOfTheStoresCompanionPathsIsRefused(String suffix) throws Exception {
    Path store = dir.resolve("vectors.quiver");
    Path primary = foreignDatabase(dir.resolve("vectors.quiver" + suffix), "messages");
    Map<Path, String> before = snapshot(dir);

    assertRefused(() -> VectorStore.open(store, OPTIONS.withPrimaryDatabase(primary)), ErrorCode.PRIMARY_DATABASE)
        .hasMessageContaining(store.toString()).hasMessageContaining(primary.toString());
    // the same through a link to the primary at the companion path, and before the primary exists
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Path linked = elsewhere.resolve("vectors.quiver");
    Files.createSymbolicLink(elsewhere.resolve("vectors.quiver" + suffix), primary);
    Map<Path, String> beforeLinked = snapshot(dir);
    assertRefused(() -> VectorStore.open(linked, OPTIONS.withPrimaryDatabase(primary)), ErrorCode.PRIMARY_DATABASE);
    Path future = dir.resolve("future.quiver");
    assertRefused(() -> VectorStore.open(future, OPTIONS.withPrimaryDatabase(dir.resolve("future.quiver" + suffix))),
        ErrorCode.PRIMARY_DATABASE);

    assertThat(snapshot(dir)).isEqualTo(beforeLinked);
    assertThat(sha256(primary)).isEqualTo(before.get(primary));
  }

  // ---- 3. a primary database that does not exist yet ----

  @Test
  void aStoreThroughADanglingSymlinkToAPrimaryThatDoesNotExistYetIsRefused() throws Exception {
    Path primary = dir.resolve("chat.db");
    StoreOptions guarded = OPTIONS.withPrimaryDatabase(primary);
    Path link = Files.createSymbolicLink(dir.resolve("vectors.quiver"), Path.of("chat.db"));
    Path chain = Files.createSymbolicLink(dir.resolve("chain.quiver"), Path.of("vectors.quiver"));
    Map<Path, String> before = snapshot(dir);

    assertRefused(() -> VectorStore.open(link, guarded), ErrorCode.PRIMARY_DATABASE)
        .hasMessageContaining(link.toString()).hasMessageContaining(primary.toString());
    assertRefused(() -> VectorStore.open(chain, guarded), ErrorCode.PRIMARY_DATABASE)
        .hasMessageContaining(chain.toString());

    assertThat(primary).doesNotExist();
    assertThat(snapshot(dir)).isEqualTo(before);
  }

  @Test
  void aPrimaryConfiguredThroughADanglingSymlinkIsProtectedAtItsTarget() throws Exception {
    Path data = Files.createDirectory(dir.resolve("data"));
    Path primaryLink = Files.createSymbolicLink(dir.resolve("chat.db"), Path.of("data/chat.db"));
    StoreOptions guarded = OPTIONS.withPrimaryDatabase(primaryLink);
    Map<Path, String> before = snapshot(dir);

    assertRefused(() -> VectorStore.open(data.resolve("chat.db"), guarded), ErrorCode.PRIMARY_DATABASE);

    assertThat(snapshot(dir)).isEqualTo(before);
  }

  @Test
  void dotDotAfterASymlinkedDirectoryIsResolvedAsTheOperatingSystemDoes() throws Exception {
    // dir/a/link -> dir/b/c, so dir/a/link/../chat.db is dir/b/chat.db (not dir/a/chat.db, as normalize() says)
    Files.createDirectories(dir.resolve("a"));
    Path c = Files.createDirectories(dir.resolve("b/c"));
    Files.createSymbolicLink(dir.resolve("a/link"), c);
    Path throughLink = dir.resolve("a/link/../chat.db");
    Path primary = dir.resolve("b/chat.db");
    Map<Path, String> before = snapshot(dir);

    assertRefused(() -> VectorStore.open(throughLink, OPTIONS.withPrimaryDatabase(primary)),
        ErrorCode.PRIMARY_DATABASE).hasMessageContaining(throughLink.toString());
    assertRefused(() -> VectorStore.open(primary, OPTIONS.withPrimaryDatabase(throughLink)),
        ErrorCode.PRIMARY_DATABASE).hasMessageContaining(primary.toString());

    assertThat(primary).doesNotExist();
    assertThat(snapshot(dir)).isEqualTo(before);
    // the lexical twin is another path, and a store may live there
    try (VectorStore store = VectorStore.open(dir.resolve("a/chat.db"), OPTIONS.withPrimaryDatabase(throughLink))) {
      assertThat(store.count()).isZero();
    }
  }

  @Test
  void aStoreBesideAMissingPrimaryIsStillAllowed() {
    StoreOptions guarded = OPTIONS.withPrimaryDatabase(dir.resolve("chat.db"));
    try (VectorStore store = VectorStore.open(dir.resolve("chat.quiver"), guarded)) {
      store.upsert(Item.of("a", "x"), new float[] {1, 0, 0});
    }
    assertThat(dir.resolve("chat.db")).doesNotExist();
  }

  // ---- 5. files this process cannot write ----

  @Test
  void anExistingStoreFileThisProcessCannotWriteIsRefusedUpFrontAndLeavesNothingBehind() throws Exception {
    Path file = dir.resolve("chat.quiver");
    try (VectorStore store = VectorStore.open(file, OPTIONS)) {
      store.upsert(Item.of("a", "x"), new float[] {1, 0, 0});
    }
    Map<Path, String> before = snapshot(dir);
    Unwritable.make(file);
    try {
      assertRefused(() -> VectorStore.open(file, OPTIONS), ErrorCode.IO)
          .hasMessageContaining(file.toString()).hasMessageContaining("not writable")
          .hasMessageNotContaining("shared-memory");
      assertThat(snapshot(dir)).isEqualTo(before);
    } finally {
      Unwritable.undo(file);
    }
    // nothing stale was left to block the next open
    try (VectorStore store = VectorStore.open(file, OPTIONS)) {
      assertThat(store.count()).isEqualTo(1);
      store.upsert(Item.of("b", "y"), new float[] {0, 1, 0});
    }
  }

  @Test
  void aStoreInADirectoryThisProcessCannotWriteIsRefusedUpFrontAndLeavesNothingBehind() throws Exception {
    Path vault = Files.createDirectory(dir.resolve("vault"));
    Path file = vault.resolve("chat.quiver");
    try (VectorStore store = VectorStore.open(file, OPTIONS)) {
      store.upsert(Item.of("a", "x"), new float[] {1, 0, 0});
    }
    Path fresh = vault.resolve("new.quiver");
    Map<Path, String> before = snapshot(dir);
    Unwritable.make(vault);
    try {
      assertRefused(() -> VectorStore.open(file, OPTIONS), ErrorCode.IO)
          .hasMessageContaining(file.toString()).hasMessageContaining(vault.toString())
          .hasMessageContaining("not writable");
      assertRefused(() -> VectorStore.open(fresh, OPTIONS), ErrorCode.IO)
          .hasMessageContaining(fresh.toString()).hasMessageContaining("not writable");
      assertThat(snapshot(dir)).isEqualTo(before);
    } finally {
      Unwritable.undo(vault);
    }
    try (VectorStore store = VectorStore.open(file, OPTIONS)) {
      assertThat(store.count()).isEqualTo(1);
    }
    try (VectorStore store = VectorStore.open(fresh, OPTIONS)) {
      assertThat(store.count()).isZero();
    }
  }

  /**
   * Makes a file or directory unwritable to this process for real: {@code chattr +i} when running as root
   * (root ignores permission bits, not the immutable attribute), {@code chmod 444}/{@code 555} otherwise.
   */
  static final class Unwritable {
    private static final boolean ROOT = "0".equals(run("id", "-u"));

    static void make(Path p) {
      if (ROOT) {
        run("chattr", "+i", p.toString());
      } else {
        run("chmod", Files.isDirectory(p) ? "555" : "444", p.toString());
      }
      assertThat(Files.isWritable(p)).as("%s made unwritable", p).isFalse();
    }

    static void undo(Path p) {
      if (ROOT) {
        run("chattr", "-i", p.toString());
      } else {
        run("chmod", Files.isDirectory(p) ? "755" : "644", p.toString());
      }
    }

    private static String run(String... command) {
      try {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
            .trim();
        assertThat(process.waitFor()).as("%s: %s", String.join(" ", command), out).isZero();
        return out;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  // ---- helpers ----

  private static AbstractThrowableAssert<?, ? extends Throwable> assertRefused(ThrowingCallable open,
      ErrorCode code) {
    return assertThatThrownBy(open).isInstanceOfSatisfying(QuiverException.class,
        e -> assertThat(e.code()).as(e.getMessage()).isEqualTo(code));
  }

  /** A database of another application with one table, built at a plain name. */
  static Path foreignDatabase(Path plainName, String table) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + plainName);
        Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=DELETE");
      s.execute("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, body TEXT)");
      s.execute("INSERT INTO " + table + " (body) VALUES ('kept')");
    }
    return plainName;
  }

  /**
   * Leaves at {@code chat} a chat database caught mid-transaction, with its hot {@code -journal}: a
   * connection in DELETE journal mode with a tiny cache writes enough to spill changed pages into the
   * database file, and the file and its journal are copied aside while the transaction is still open. The
   * next SQLite connection to open {@code chat} read-write would roll the journal back, changing both files.
   */
  static void hotJournal(Path staging, Path chat) throws Exception {
    Files.createDirectories(staging);
    Path live = staging.resolve("chat.db");
    Path liveJournal = staging.resolve("chat.db-journal");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live); Statement s = c.createStatement()) {
      s.execute("PRAGMA journal_mode=DELETE");
      s.execute("CREATE TABLE messages (id INTEGER PRIMARY KEY, body TEXT)");
      s.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)");
      s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
          + "INSERT INTO messages (body) SELECT printf('message %d %s', i, zeroblob(200)) FROM n");
      s.execute("PRAGMA cache_size=4");
      c.setAutoCommit(false);
      s.execute("UPDATE messages SET body = upper(body) || ' edited'");
      assertThat(Files.size(liveJournal)).as("the open transaction has a journal").isPositive();
      Files.copy(live, chat);
      Files.copy(liveJournal, chat.resolveSibling(chat.getFileName() + "-journal"));
      c.rollback();
    }
    // prove the copy is hot: SQLite rolls a copy of it back and deletes the journal
    Path control = Files.createDirectories(staging.resolve("control"));
    Files.copy(chat, control.resolve("chat.db"));
    Files.copy(chat.resolveSibling(chat.getFileName() + "-journal"), control.resolve("chat.db-journal"));
    String spilled = sha256(control.resolve("chat.db"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + control.resolve("chat.db"));
        Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM messages")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getInt(1)).isEqualTo(2000);
    }
    assertThat(control.resolve("chat.db-journal")).as("the copied journal is hot").doesNotExist();
    assertThat(sha256(control.resolve("chat.db"))).isNotEqualTo(spilled);
    deleteTree(staging);
  }

  static String tablesOf(Path file) throws SQLException, IOException {
    // read a copy at a plain name, so that this helper never depends on URI escaping
    Path copy = Files.createTempFile("tables", ".db");
    try {
      Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
      StringBuilder names = new StringBuilder();
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
        while (rs.next()) {
          names.append(rs.getString(1)).append(' ');
        }
      }
      return names.toString();
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  /** Every path under {@code root} (not following links) with its content hash, link target or kind. */
  static Map<Path, String> snapshot(Path root) throws IOException {
    Map<Path, String> state = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        if (Files.isSymbolicLink(p)) {
          state.put(p, "link to " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          state.put(p, "directory");
        } else {
          state.put(p, sha256(p));
        }
      }
    }
    return state;
  }

  static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : (Iterable<Path>) paths.sorted((a, b) -> b.compareTo(a))::iterator) {
        Files.delete(p);
      }
    }
  }
}
