package dev.quiver.internal.storefile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Real SQLite files made with sqlite-jdbc, shaped like a Quiver store ({@code quiver_meta} created first, so
 * its root is page 2, then a table of blobs so other pages exist), and copies of a database and its
 * {@code -wal} or {@code -journal} taken while the writing connection was still open.
 */
final class Fixtures {
  static final String META_DDL = "CREATE TABLE quiver_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID";

  private Fixtures() {}

  /**
   * A database and its sidecar as copied mid-flight.
   *
   * @param meta the meta rows SQLite should show once it has opened the copy: the last committed ones for a
   *     WAL, the ones before the open transaction for a rollback journal
   */
  record Snapshot(String name, byte[] db, byte[] sidecar, Map<String, String> meta) {
    @Override
    public String toString() {
      return name + " (db " + db.length + " bytes, sidecar " + sidecar.length + " bytes)";
    }
  }

  /** What SQLite made of a database and its sidecar: the meta rows or the error, and the file after close. */
  record Outcome(Map<String, String> meta, String error, byte[] dbAfterClose) {}

  /** Several committed transactions in WAL mode, no checkpoint since WAL was switched on. */
  static Snapshot walWithCommits() {
    return inScratch("wal-commits", dir -> {
      Path db = dir.resolve("store.db");
      try (Connection c = connect(db); Statement s = c.createStatement()) {
        Map<String, String> meta = createQuiverShape(c);
        enableWal(s);
        for (int generation = 1; generation <= 4; generation++) {
          transaction(c, meta, generation, 6);
        }
        return new Snapshot("wal-commits", Files.readAllBytes(db), Files.readAllBytes(wal(db)), meta);
      }
    });
  }

  /**
   * Committed transactions, then an open one big enough that SQLite spills its dirty pages into the WAL as
   * frames without a commit.
   */
  static Snapshot walWithUncommittedTail() {
    return inScratch("wal-tail", dir -> {
      Path db = dir.resolve("store.db");
      try (Connection c = connect(db); Statement s = c.createStatement()) {
        Map<String, String> meta = createQuiverShape(c);
        enableWal(s);
        s.execute("PRAGMA cache_size=2");
        transaction(c, meta, 1, 3);
        transaction(c, meta, 2, 3);
        Map<String, String> uncommitted = new TreeMap<>(meta);
        c.setAutoCommit(false);
        writeGeneration(c, uncommitted, 3, 60);
        Snapshot snapshot = new Snapshot("wal-tail", Files.readAllBytes(db), Files.readAllBytes(wal(db)), meta);
        c.rollback();
        c.setAutoCommit(true);
        return snapshot;
      }
    });
  }

  /**
   * A WAL that was checkpointed and restarted: new frames with new salts at its start, and after them the
   * old frames, with the old salts, that the restart did not overwrite.
   */
  static Snapshot restartedWal() {
    return inScratch("wal-restarted", dir -> {
      Path db = dir.resolve("store.db");
      try (Connection c = connect(db); Statement s = c.createStatement()) {
        Map<String, String> meta = createQuiverShape(c);
        enableWal(s);
        for (int generation = 1; generation <= 3; generation++) {
          transaction(c, meta, generation, 8);
        }
        try (ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(RESTART)")) {
          rs.next();
        }
        transaction(c, meta, 4, 1);
        return new Snapshot("wal-restarted", Files.readAllBytes(db), Files.readAllBytes(wal(db)), meta);
      }
    });
  }

  /**
   * A rollback journal of an open transaction whose changes, page 2 first, were spilled to the database file
   * (so the copy is half-modified and only rollback makes it whole), with {@code synchronous=FULL}: the
   * journal was synced at each spill, which starts a new journal header each time.
   */
  static Snapshot hotJournal() {
    return journal("journal-synced", "FULL");
  }

  /** As {@link #hotJournal()} with {@code synchronous=OFF}: one header whose record count is 0xffffffff. */
  static Snapshot hotJournalWithoutSync() {
    return journal("journal-nosync", "OFF");
  }

  private static Snapshot journal(String name, String synchronous) {
    return inScratch(name, dir -> {
      Path db = dir.resolve("store.db");
      try (Connection c = connect(db); Statement s = c.createStatement()) {
        Map<String, String> meta = createQuiverShape(c);
        s.execute("PRAGMA synchronous=" + synchronous);
        s.execute("PRAGMA cache_size=1");
        c.setAutoCommit(false);
        writeGeneration(c, new TreeMap<>(meta), 1, 40);
        try (PreparedStatement update = c.prepareStatement("UPDATE blobs SET data = ? WHERE id = ?")) {
          for (int id = 1; id <= 12; id++) {
            update.setBytes(1, blob(900, id * 31));
            update.setInt(2, id);
            update.executeUpdate();
          }
        }
        Path journal = db.resolveSibling("store.db-journal");
        Snapshot snapshot = new Snapshot(name, Files.readAllBytes(db), Files.readAllBytes(journal), meta);
        c.rollback();
        c.setAutoCommit(true);
        return snapshot;
      }
    });
  }

  /**
   * Writes {@code db} and, under {@code sidecarSuffix}, {@code sidecar} into a fresh directory, opens the
   * database there with plain sqlite-jdbc, reads the meta rows and closes it (SQLite replays a WAL or rolls a
   * hot journal back on the way), then returns the rows and the database file as it was left.
   */
  static Outcome openWithSqlite(byte[] db, String sidecarSuffix, byte[] sidecar) {
    return inScratch("oracle", dir -> {
      Path file = dir.resolve("store.db");
      Files.write(file, db);
      if (sidecar != null) {
        Files.write(dir.resolve("store.db" + sidecarSuffix), sidecar);
      }
      Map<String, String> meta = null;
      String error = null;
      try (Connection c = connect(file)) {
        meta = metaRows(c);
      } catch (SQLException e) {
        error = e.getMessage();
      }
      return new Outcome(meta, error, Files.readAllBytes(file));
    });
  }

  /** Creates the Quiver-shaped schema and its first rows in rollback-journal mode, as the store does. */
  static Map<String, String> createQuiverShape(Connection c) throws SQLException {
    Map<String, String> meta = new TreeMap<>();
    try (Statement s = c.createStatement()) {
      s.execute(META_DDL);
      s.execute("CREATE TABLE blobs (id INTEGER PRIMARY KEY, data BLOB NOT NULL)");
    }
    meta.put("dimensions", "384");
    meta.put("metric", "COSINE");
    meta.put("model", "all-minilm-l6-v2");
    meta.put("store_id", "3f6c1d2e-9a41-4c8e-b0a7-5d2f81e4c6aa");
    upsertMeta(c, meta);
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO blobs (id, data) VALUES (?, ?)")) {
      for (int id = 1; id <= 12; id++) {
        insert.setInt(1, id);
        insert.setBytes(2, blob(700 + 97 * id, id));
        insert.executeUpdate();
      }
    }
    return meta;
  }

  static Connection connect(Path db) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + db);
  }

  static Map<String, String> metaRows(Connection c) throws SQLException {
    Map<String, String> rows = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT key, value FROM quiver_meta")) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getString(2));
      }
    }
    return rows;
  }

  static byte[] blob(int length, int seed) {
    byte[] bytes = new byte[length];
    int x = seed * 0x9e3779b9 + 1;
    for (int i = 0; i < length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bytes[i] = (byte) x;
    }
    return bytes;
  }

  /** A page of a database image held in memory, zero-padded past its end as SQLite's short reads are. */
  static byte[] page(byte[] db, long pageNumber, int pageSize) {
    long from = (pageNumber - 1) * pageSize;
    byte[] page = new byte[pageSize];
    if (from < db.length) {
      System.arraycopy(db, (int) from, page, 0, (int) Math.min(pageSize, db.length - from));
    }
    return page;
  }

  /**
   * Page {@code pageNumber} of a database image, read as the store's open path will read it: the image
   * written to a file, its page size taken from its header by {@link DatabasePages}, the page read by it.
   */
  static byte[] mainFilePage(byte[] db, int pageNumber) {
    return inScratch("main", dir -> {
      Path file = Files.write(dir.resolve("store.db"), db);
      return DatabasePages.readPage(file, pageNumber, DatabasePages.pageSize(file));
    });
  }

  private static void enableWal(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
      rs.next();
      if (!"wal".equals(rs.getString(1))) {
        throw new IllegalStateException("expected journal_mode wal, found " + rs.getString(1));
      }
    }
    s.execute("PRAGMA wal_autocheckpoint=0");
  }

  private static void transaction(Connection c, Map<String, String> meta, int generation, int blobs)
      throws SQLException {
    c.setAutoCommit(false);
    writeGeneration(c, meta, generation, blobs);
    c.commit();
    c.setAutoCommit(true);
  }

  /** One generation of changes: meta updated and added to, blobs added. Updates {@code meta} to match. */
  private static void writeGeneration(Connection c, Map<String, String> meta, int generation, int blobs)
      throws SQLException {
    meta.put("generation", Integer.toString(generation));
    meta.put("model", "model-v" + generation + "-" + "x".repeat(generation * 7));
    meta.put("note-" + generation, "written by generation " + generation + " \u00e9\u4e2d\ud83d\ude00");
    upsertMeta(c, meta);
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO blobs (data) VALUES (?)")) {
      for (int i = 0; i < blobs; i++) {
        insert.setBytes(1, blob(1500 + 211 * i, generation * 1000 + i));
        insert.executeUpdate();
      }
    }
  }

  private static void upsertMeta(Connection c, Map<String, String> meta) throws SQLException {
    try (PreparedStatement upsert = c.prepareStatement("INSERT INTO quiver_meta (key, value) VALUES (?, ?) "
        + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
      for (Map.Entry<String, String> e : meta.entrySet()) {
        upsert.setString(1, e.getKey());
        upsert.setString(2, e.getValue());
        upsert.executeUpdate();
      }
    }
  }

  private static Path wal(Path db) {
    return db.resolveSibling(db.getFileName() + "-wal");
  }

  interface Work<T> {
    T run(Path dir) throws IOException, SQLException;
  }

  /** Runs {@code work} in a new temporary directory and deletes the directory afterwards. */
  static <T> T inScratch(String prefix, Work<T> work) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("quiver-" + prefix);
      return work.run(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("SQLite failed while making fixture " + prefix + ": " + e, e);
    } finally {
      if (dir != null) {
        delete(dir);
      }
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete scratch directory " + dir, e);
    }
  }

  /**
   * Fails unless {@code actual} equals {@code expected}, naming the sizes and the pages that differ (and
   * whether each differing page is as in {@code before}) instead of printing both files.
   */
  static void assertSameFile(byte[] actual, byte[] expected, byte[] before, int pageSize, String what) {
    if (Arrays.equals(actual, expected)) {
      return;
    }
    StringBuilder pages = new StringBuilder();
    long count = (Math.max(actual.length, expected.length) + pageSize - 1) / pageSize;
    for (long p = 1; p <= count; p++) {
      byte[] a = page(actual, p, pageSize);
      if (!Arrays.equals(a, page(expected, p, pageSize))) {
        pages.append(' ').append(p).append(Arrays.equals(a, page(before, p, pageSize)) ? "(unchanged)" : "");
      }
    }
    throw new AssertionError(what + ": expected " + expected.length + " bytes, found " + actual.length
        + "; pages that differ:" + pages);
  }
}
