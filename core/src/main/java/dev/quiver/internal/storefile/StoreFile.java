package dev.quiver.internal.storefile;

import dev.quiver.ErrorCode;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.QuiverException;
import dev.quiver.store.ChangeBatch;
import dev.quiver.store.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Quiver's own SQLite file: the record of truth for items, vectors and the change sequence.
 *
 * <p>Opening applies the guards of the store-file rules in order, and each refusal happens before the next
 * step could touch the file: (1) not already open in this JVM, (2) not the primary database, its sidecars or
 * a path whose companions land on it, and no sidecar-like name, (3) the header is Quiver's or the file is
 * new, (4) the file and its directory are writable, (5) the owner lock, (6) the SQLite library version, (7)
 * the journal chosen for the filesystem, read back, (8) {@code quick_check}, (9) the schema version and the
 * fixed settings.
 *
 * <p>One connection, used under this object's monitor. Readers of the store never come here: they read the
 * in-memory snapshot.
 */
public final class StoreFile implements AutoCloseable {
  /** The schema version in {@code PRAGMA user_version}. */
  public static final int SCHEMA_VERSION = 1;
  static final String MIN_SQLITE_VERSION = "3.51.3";
  private static final System.Logger LOG = System.getLogger(StoreFile.class.getName());

  private final Path file;
  private final Connection connection;
  private final OwnerLock owner;
  private final boolean ownsLock;
  private final JournalPolicy journal;
  private final String filesystem;
  private final String sqliteVersion;
  private final int dimensions;
  private final Metric metric;
  private final String modelId;
  private long sequence;
  private boolean failed;

  private StoreFile(Path file, Connection connection, OwnerLock owner, boolean ownsLock, JournalPolicy journal,
      String filesystem, String sqliteVersion, int dimensions, Metric metric, String modelId, long sequence) {
    this.file = file;
    this.connection = connection;
    this.owner = owner;
    this.ownsLock = ownsLock;
    this.journal = journal;
    this.filesystem = filesystem;
    this.sqliteVersion = sqliteVersion;
    this.dimensions = dimensions;
    this.metric = metric;
    this.modelId = modelId;
    this.sequence = sequence;
  }

  /** Opens or creates {@code file}, probing its filesystem to choose the journal. */
  public static StoreFile open(Path file, StoreOptions options) {
    return open(file, options, probeFilesystem(file));
  }

  /**
   * Opens or creates {@code file} as if it lived on a filesystem of type {@code filesystemType}: lets tests
   * exercise the rollback-journal path on a machine whose disks are all local.
   */
  public static StoreFile open(Path file, StoreOptions options, String filesystemType) {
    OwnerLock owner = claim(file, options);
    return open(file, options, filesystemType, owner, true, true);
  }

  /**
   * The guards that need no lock (not open in this JVM, not the primary database or its sidecars, a header
   * that is Quiver's or none, a file and directory this process can write), then the owner lock: the start
   * of every open. The caller owns the returned lock.
   */
  public static OwnerLock claim(Path file, StoreOptions options) {
    OwnerLock.checkNotHeldInThisJvm(file);
    PrimaryDatabaseGuard.check(file, options.primaryDatabase());
    SidecarNames.checkStoreName(file);
    StoreFileHeader.inspect(file);
    StoreFileAccess.checkWritable(file);
    return OwnerLock.acquire(file);
  }

  /**
   * Opens {@code file} under an owner lock the caller already holds (from {@link #claim}); the lock outlives
   * the returned file, which does not release it.
   *
   * @param create whether a missing or empty file may be created; when false such a file is
   *     {@link ErrorCode#CORRUPT}: its record of truth is gone
   */
  public static StoreFile openClaimed(Path file, StoreOptions options, OwnerLock owner, boolean create) {
    return open(file, options, probeFilesystem(file), owner, false, create);
  }

  private static StoreFile open(Path file, StoreOptions options, String filesystemType, OwnerLock owner,
      boolean ownsLock, boolean create) {
    Connection connection = null;
    try {
      // inspected again under the lock: another process may have created the file in between
      StoreFileHeader.Kind kind = StoreFileHeader.inspect(file);
      if (kind == StoreFileHeader.Kind.NEW && !create) {
        throw new QuiverException(ErrorCode.CORRUPT, file, "store file " + file + " is "
            + (Files.exists(file) ? "empty" : "missing") + " although this store held items");
      }
      if (kind == StoreFileHeader.Kind.NEW) {
        clearStaleSidecars(file);
      }
      connection = DriverManager.getConnection(url(file));
      String version = checkSqliteVersion(connection, file);
      JournalPolicy journal = JournalPolicy.forFilesystem(filesystemType, options.fullSync());
      if (kind == StoreFileHeader.Kind.NEW && options.dimensions() == StoreOptions.ADOPT) {
        throw new IllegalArgumentException("store file " + file + " does not exist yet; creating it needs the "
            + "vector dimensions (an embedder, or StoreOptions with dimensions)");
      }
      if (kind == StoreFileHeader.Kind.NEW) {
        // The schema and application_id are committed under the default rollback journal, straight into the
        // main file, before WAL is switched on: a WAL-only header would leave the file looking foreign
        // (application_id 0) to every other process until the first checkpoint.
        createSchema(connection, options);
      }
      applyJournal(connection, file, journal, filesystemType);
      return verifyExisting(file, connection, owner, ownsLock, journal, filesystemType, version, options);
    } catch (SQLException e) {
      closeQuietly(connection);
      releaseIfOwned(owner, ownsLock, false);
      throw SqliteErrors.translate(e, file, "opening");
    } catch (RuntimeException e) {
      closeQuietly(connection);
      releaseIfOwned(owner, ownsLock, e instanceof QuiverException q && q.code() == ErrorCode.FOREIGN);
      throw e;
    }
  }

  private static void releaseIfOwned(OwnerLock owner, boolean owned, boolean delete) {
    if (owned && delete) {
      owner.releaseAndDelete();
    } else if (owned) {
      owner.close();
    }
  }

  private static String url(Path file) throws SQLException {
    Path real;
    try {
      real = file.toAbsolutePath().getParent().toRealPath().resolve(file.getFileName());
    } catch (IOException e) {
      throw new SQLException("cannot resolve the directory of " + file + ": " + e, e);
    }
    // unix-excl keeps the WAL index in heap memory (no -shm)
    return SqliteUri.jdbcUrl(real, "vfs=unix-excl");
  }

  private static String probeFilesystem(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      return Files.getFileStore(dir).type();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** A stale {@code -wal} beside a new file would be replayed into it: remove every sidecar first. */
  private static void clearStaleSidecars(Path file) {
    for (String suffix : new String[] {"-wal", "-journal", "-shm"}) {
      Path sidecar = file.resolveSibling(file.getFileName() + suffix);
      try {
        if (Files.deleteIfExists(sidecar)) {
          LOG.log(System.Logger.Level.WARNING, "removed stale {0} before creating {1}", sidecar, file);
        }
      } catch (IOException e) {
        throw new QuiverException(ErrorCode.IO, file, "cannot remove stale " + sidecar + ": " + e, e);
      }
    }
  }

  private static String checkSqliteVersion(Connection c, Path file) throws SQLException {
    String version = queryString(c, "SELECT sqlite_version()");
    if (compareVersions(version, MIN_SQLITE_VERSION) < 0) {
      throw new QuiverException(ErrorCode.VERSION, file, "SQLite " + version + " is older than "
          + MIN_SQLITE_VERSION + ", the first release with the WAL-reset fix; use sqlite-jdbc 3.53 or newer");
    }
    return version;
  }

  static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int p = i < x.length ? Integer.parseInt(x[i]) : 0;
      int q = i < y.length ? Integer.parseInt(y[i]) : 0;
      if (p != q) {
        return Integer.compare(p, q);
      }
    }
    return 0;
  }

  private static void applyJournal(Connection c, Path file, JournalPolicy journal, String filesystemType)
      throws SQLException {
    String mode = queryString(c, "PRAGMA journal_mode=" + journal.journalMode());
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA synchronous=" + journal.synchronous());
    }
    int sync = Integer.parseInt(queryString(c, "PRAGMA synchronous"));
    if (!journal.journalMode().equalsIgnoreCase(mode) || sync != journal.synchronousLevel()) {
      throw new QuiverException(ErrorCode.IO, file, String.format(Locale.ROOT,
          "store file %s refused its journal settings: asked journal_mode=%s synchronous=%s, read back %s and %d",
          file, journal.journalMode(), journal.synchronous(), mode, sync));
    }
    Path shm = file.resolveSibling(file.getFileName() + "-shm");
    if (Files.exists(shm)) {
      throw new QuiverException(ErrorCode.IO, file, "store file " + file + " has a shared-memory file " + shm
          + "; expected none under vfs=unix-excl");
    }
    if (!journal.local()) {
      LOG.log(System.Logger.Level.WARNING, "store file {0} is on a {1} filesystem, where WAL''s locks are not "
          + "reliable: using a rollback journal with synchronous=FULL", file, filesystemType);
    }
  }

  private static void createSchema(Connection c, StoreOptions options) throws SQLException {
    c.setAutoCommit(false);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA application_id=" + StoreFileHeader.APPLICATION_ID);
      s.execute("PRAGMA user_version=" + SCHEMA_VERSION);
      s.execute("CREATE TABLE quiver_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
      s.execute("CREATE TABLE quiver_items (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, text TEXT, "
          + "attributes BLOB, ts INTEGER, vector BLOB)");
      s.execute("CREATE INDEX quiver_items_seq ON quiver_items (seq)");
      s.execute("CREATE TABLE quiver_deletions (id TEXT PRIMARY KEY, seq INTEGER NOT NULL)");
      s.execute("CREATE INDEX quiver_deletions_seq ON quiver_deletions (seq)");
    }
    putMeta(c, "dimensions", Integer.toString(options.dimensions()));
    putMeta(c, "metric", options.metric().name());
    if (options.modelId() != null) {
      putMeta(c, "model_id", options.modelId());
    }
    putMeta(c, "sequence", "0");
    c.commit();
    c.setAutoCommit(true);
  }

  private static StoreFile verifyExisting(Path file, Connection c, OwnerLock owner, boolean ownsLock,
      JournalPolicy journal, String filesystem, String version, StoreOptions options) throws SQLException {
    int userVersion = Integer.parseInt(queryString(c, "PRAGMA user_version"));
    if (userVersion != SCHEMA_VERSION) {
      throw new QuiverException(ErrorCode.VERSION, file, "store file " + file + " has schema version "
          + userVersion + "; this build reads version " + SCHEMA_VERSION);
    }
    List<String> problems = quickCheck(c);
    if (!problems.isEmpty()) {
      throw new QuiverException(ErrorCode.CORRUPT, file, "store file " + file + " failed quick_check: "
          + String.join("; ", problems));
    }
    c.setAutoCommit(false);
    int dimensions = Integer.parseInt(meta(c, file, "dimensions"));
    Metric metric = Metric.valueOf(meta(c, file, "metric"));
    String modelId = optionalMeta(c, "model_id");
    long sequence = Long.parseLong(meta(c, file, "sequence"));
    c.commit();
    boolean adopt = options.dimensions() == StoreOptions.ADOPT;
    if (!adopt && (dimensions != options.dimensions() || metric != options.metric())) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "store file %s holds %d-dimensional %s vectors; the options ask for %d-dimensional %s",
          file, dimensions, metric, options.dimensions(), options.metric()));
    }
    if (options.modelId() != null && modelId != null && !options.modelId().equals(modelId)) {
      throw new IllegalArgumentException("store file " + file + " holds vectors of model '" + modelId
          + "'; the embedder is '" + options.modelId() + "'. Rebuild the store to change models");
    }
    return new StoreFile(file, c, owner, ownsLock, journal, filesystem, version, dimensions, metric,
        modelId != null ? modelId : options.modelId(), sequence);
  }

  private static List<String> quickCheck(Connection c) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA quick_check(20)")) {
      while (rs.next()) {
        String line = rs.getString(1);
        if (!"ok".equals(line)) {
          problems.add(line);
        }
      }
    }
    return problems;
  }

  /** Streams every stored item, in the order they were last written. */
  public synchronized void forEachRow(Consumer<StoredRow> consumer) {
    readRows("SELECT id, text, attributes, ts, vector FROM quiver_items ORDER BY seq", consumer);
  }

  /** Streams every stored item in id order. */
  public synchronized void forEachRowById(Consumer<StoredRow> consumer) {
    readRows("SELECT id, text, attributes, ts, vector FROM quiver_items ORDER BY id", consumer);
  }

  private void readRows(String sql, Consumer<StoredRow> consumer) {
    ensureUsable();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        consumer.accept(row(rs));
      }
      connection.commit();
    } catch (SQLException e) {
      throw fail(e, "reading items");
    } catch (IOException e) {
      failed = true;
      throw new QuiverException(ErrorCode.CORRUPT, file, "store file " + file + " has unreadable attributes: "
          + e.getMessage(), e);
    }
  }

  private StoredRow row(ResultSet rs) throws SQLException, IOException {
    String id = rs.getString(1);
    String text = rs.getString(2);
    byte[] attributes = rs.getBytes(3);
    long ts = rs.getLong(4);
    Long timestamp = rs.wasNull() ? null : ts;
    byte[] vector = rs.getBytes(5);
    float[] decoded = vector == null ? null : Codec.decodeVector(vector);
    if (decoded != null && decoded.length != dimensions) {
      throw new IOException("vector of item '" + id + "' has " + decoded.length + " dimensions; expected "
          + dimensions);
    }
    return new StoredRow(new Item(id, text, Codec.decodeAttributes(attributes), timestamp), decoded);
  }

  /**
   * Writes upserts and deletions in one transaction together with the new change sequence.
   *
   * @param vectors one per upsert, already normalised for the metric, or {@code null} entries
   * @return the sequence the transaction committed
   */
  public synchronized long write(List<Item> upserts, List<float[]> vectors, Collection<String> deletions) {
    return write(upserts, vectors, deletions, null, null);
  }

  /**
   * As {@link #write(List, List, Collection)}, also setting the caller's watermark {@code key} to
   * {@code value} in the same transaction (skipped when {@code key} is null).
   */
  public synchronized long write(List<Item> upserts, List<float[]> vectors, Collection<String> deletions,
      String watermarkKey, String watermarkValue) {
    ensureUsable();
    long next = sequence;
    try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO quiver_items "
            + "(id, seq, text, attributes, ts, vector) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            + "seq = excluded.seq, text = excluded.text, attributes = excluded.attributes, ts = excluded.ts, "
            + "vector = excluded.vector");
        PreparedStatement undelete = connection.prepareStatement("DELETE FROM quiver_deletions WHERE id = ?");
        PreparedStatement delete = connection.prepareStatement("DELETE FROM quiver_items WHERE id = ?");
        PreparedStatement tombstone = connection.prepareStatement(
            "INSERT INTO quiver_deletions (id, seq) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq")) {
      for (int i = 0; i < upserts.size(); i++) {
        Item item = upserts.get(i);
        float[] vector = vectors.get(i);
        upsert.setString(1, item.id());
        upsert.setLong(2, ++next);
        upsert.setString(3, item.text());
        upsert.setBytes(4, Codec.encodeAttributes(item.attributes()));
        if (item.timestamp() == null) {
          upsert.setNull(5, Types.INTEGER);
        } else {
          upsert.setLong(5, item.timestamp());
        }
        upsert.setBytes(6, vector == null ? null : Codec.encodeVector(vector));
        upsert.addBatch();
        undelete.setString(1, item.id());
        undelete.addBatch();
      }
      for (String id : deletions) {
        delete.setString(1, id);
        delete.addBatch();
        tombstone.setString(1, id);
        tombstone.setLong(2, ++next);
        tombstone.addBatch();
      }
      upsert.executeBatch();
      undelete.executeBatch();
      delete.executeBatch();
      tombstone.executeBatch();
      putMeta(connection, "sequence", Long.toString(next));
      if (watermarkKey != null) {
        putMeta(connection, "watermark." + watermarkKey, watermarkValue);
      }
      connection.commit();
      sequence = next;
      return next;
    } catch (SQLException e) {
      rollbackQuietly();
      throw fail(e, "writing " + upserts.size() + " items and " + deletions.size() + " deletions");
    }
  }

  /** Commits {@code next} as the change sequence, with no item change; it must be above the current one. */
  public synchronized void advanceSequence(long next) {
    ensureUsable();
    if (next <= sequence) {
      throw new IllegalArgumentException("sequence of " + file + " can only move forward: it is " + sequence
          + "; asked for " + next);
    }
    try {
      putMeta(connection, "sequence", Long.toString(next));
      connection.commit();
      sequence = next;
    } catch (SQLException e) {
      rollbackQuietly();
      throw fail(e, "advancing the sequence to " + next);
    }
  }

  /** The caller's watermark {@code key} as last committed, or null. */
  public synchronized String watermark(String key) {
    ensureUsable();
    try {
      String value = optionalMeta(connection, "watermark." + key);
      connection.commit();
      return value;
    } catch (SQLException e) {
      throw fail(e, "reading watermark " + key);
    }
  }

  /** The changes after {@code after}, at most {@code maxItems} upserts and as many deletions. */
  public synchronized ChangeBatch changesSince(long after, int maxItems) {
    ensureUsable();
    List<Item> upserts = new ArrayList<>();
    List<String> deletions = new ArrayList<>();
    long last = after;
    try (PreparedStatement items = connection.prepareStatement("SELECT id, text, attributes, ts, NULL, seq FROM "
            + "quiver_items WHERE seq > ? ORDER BY seq LIMIT ?");
        PreparedStatement deleted = connection.prepareStatement(
            "SELECT id, seq FROM quiver_deletions WHERE seq > ? ORDER BY seq LIMIT ?")) {
      items.setLong(1, after);
      items.setInt(2, maxItems + 1);
      deleted.setLong(1, after);
      deleted.setInt(2, maxItems + 1);
      // Both lists are read up to a common sequence so that nothing between is skipped.
      List<Long> itemSeqs = new ArrayList<>();
      try (ResultSet rs = items.executeQuery()) {
        while (rs.next()) {
          upserts.add(row(rs).item());
          itemSeqs.add(rs.getLong(6));
        }
      }
      List<Long> deletionSeqs = new ArrayList<>();
      try (ResultSet rs = deleted.executeQuery()) {
        while (rs.next()) {
          deletions.add(rs.getString(1));
          deletionSeqs.add(rs.getLong(2));
        }
      }
      connection.commit();
      boolean complete = upserts.size() <= maxItems && deletions.size() <= maxItems;
      // An overflowing list is cut at its maxItems-th sequence; the other list is cut at the same point.
      long bound = complete ? sequence : Math.min(
          upserts.size() > maxItems ? itemSeqs.get(maxItems - 1) : Long.MAX_VALUE,
          deletions.size() > maxItems ? deletionSeqs.get(maxItems - 1) : Long.MAX_VALUE);
      trimAbove(upserts, itemSeqs, bound);
      trimAbove(deletions, deletionSeqs, bound);
      last = Math.max(last, bound);
      return new ChangeBatch(upserts, deletions, last, complete);
    } catch (SQLException e) {
      throw fail(e, "reading changes after sequence " + after);
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.CORRUPT, file, "store file " + file + " has unreadable attributes: "
          + e.getMessage(), e);
    }
  }

  private static <T> void trimAbove(List<T> values, List<Long> seqs, long bound) {
    for (int i = values.size() - 1; i >= 0; i--) {
      if (seqs.get(i) > bound) {
        values.remove(i);
      }
    }
  }

  /** Runs {@code PRAGMA quick_check}; an empty list means the file is sound. */
  public synchronized List<String> quickCheck() {
    ensureOpen();
    try {
      connection.commit();
      connection.setAutoCommit(true);
      try {
        return quickCheck(connection);
      } finally {
        connection.setAutoCommit(false);
      }
    } catch (SQLException e) {
      throw fail(e, "checking integrity");
    }
  }

  private QuiverException fail(SQLException e, String doing) {
    QuiverException q = SqliteErrors.translate(e, file, doing);
    if (q.code() == ErrorCode.CORRUPT) {
      failed = true;
    }
    return q;
  }

  private void ensureOpen() {
    try {
      if (connection.isClosed()) {
        throw new IllegalStateException("store file " + file + " is closed");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("store file " + file + " is unusable: " + e.getMessage(), e);
    }
  }

  private void ensureUsable() {
    ensureOpen();
    if (failed) {
      throw new QuiverException(ErrorCode.CORRUPT, file, "store file " + file
          + " was found damaged earlier; it accepts no more reads or writes until it is rebuilt");
    }
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the original failure is what matters
    }
  }

  private static void putMeta(Connection c, String key, String value) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO quiver_meta (key, value) VALUES (?, ?) "
        + "ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
      s.setString(1, key);
      s.setString(2, value);
      s.executeUpdate();
    }
  }

  private static String meta(Connection c, Path file, String key) throws SQLException {
    String value = optionalMeta(c, key);
    if (value == null) {
      throw new QuiverException(ErrorCode.CORRUPT, file, "store file " + file + " lacks its '" + key
          + "' setting");
    }
    return value;
  }

  private static String optionalMeta(Connection c, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT value FROM quiver_meta WHERE key = ?")) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static String queryString(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  public Path file() {
    return file;
  }

  public int dimensions() {
    return dimensions;
  }

  public Metric metric() {
    return metric;
  }

  public String modelId() {
    return modelId;
  }

  public synchronized long sequence() {
    return sequence;
  }

  public JournalPolicy journal() {
    return journal;
  }

  public String filesystem() {
    return filesystem;
  }

  public String sqliteVersion() {
    return sqliteVersion;
  }

  /** The size of the file and its journal, by {@code stat} only (no descriptor is opened). */
  public long bytesOnDisk() {
    long total = 0;
    for (String suffix : new String[] {"", "-wal", "-journal"}) {
      try {
        total += Files.size(file.resolveSibling(file.getFileName() + suffix));
      } catch (IOException absent) {
        // a sidecar that does not exist adds nothing
      }
    }
    return total;
  }

  @Override
  public synchronized void close() {
    try {
      if (!connection.isClosed()) {
        rollbackQuietly();
        connection.close();
      }
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "closing store file {0}: {1}", file, e.getMessage());
    } finally {
      if (ownsLock) {
        owner.close();
      }
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      if (c != null) {
        c.close();
      }
    } catch (SQLException ignored) {
      // the original failure is what matters
    }
  }
}
