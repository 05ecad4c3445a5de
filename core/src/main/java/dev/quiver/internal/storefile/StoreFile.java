package dev.quiver.internal.storefile;

import dev.quiver.ErrorCode;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.QuiverException;
import dev.quiver.internal.storefile.ChangeBatch;
import dev.quiver.internal.storefile.StoreOptions;
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
 * new, and its journals and owner file are regular files or absent, (4) the file and its directory are
 * writable, (5) the owner lock, (6) the SQLite library version, (7)
 * the journal chosen for the filesystem, read back, (8) {@code quick_check}, (9) the schema version and the
 * fixed settings.
 *
 * <p>One connection, used under this object's monitor, in autocommit mode: every write is one explicit
 * {@code BEGIN IMMEDIATE ... COMMIT}, and a failed one is rolled back whole. (JDBC's own transactions stop
 * opening new ones after SQLite rolls back by itself, as it does on SQLITE_FULL; later writes would then run
 * statement by statement.) Readers of the store never come here: they read the in-memory snapshot.
 *
 * <p>Checkpoints are the writer's: SQLite's automatic checkpoint is off, and the writer truncates the WAL
 * once it passes {@link #CHECKPOINT_BYTES}, recording in {@code wal.base} the change sequence each WAL
 * generation starts from. With {@code store.id}, that lets {@link JournalOwnership} tell this file's WAL
 * from a stale or foreign one before SQLite replays it.
 */
public final class StoreFile implements AutoCloseable {
  /** The schema version in {@code PRAGMA user_version}; version 1 files are migrated on open. */
  public static final int SCHEMA_VERSION = Schema.VERSION;
  /** WAL size that makes the writer checkpoint it into the file, so the WAL stays bounded. */
  static final long CHECKPOINT_BYTES = 16L << 20;
  /** Longest watermark value: the meta table must stay one page (see {@link Schema}). */
  public static final int MAX_WATERMARK_LENGTH = 256;
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
  private final String storeId;
  private long sequence;
  /** The sequence the current WAL generation started from, and the value of it last committed. */
  private long walBase;
  private long walBaseCommitted;
  private boolean failed;
  /**
   * Whether quiver_deletions may hold a row: until then an upsert has no tombstone to clear, and the write
   * skips that statement, one per item. Set from the file on open and before any write that deletes.
   */
  private boolean deletionsRecorded = true;

  private StoreFile(Path file, Connection connection, OwnerLock owner, boolean ownsLock, JournalPolicy journal,
      String filesystem, String sqliteVersion, int dimensions, Metric metric, String modelId, long sequence,
      String storeId) {
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
    this.storeId = storeId;
    this.sequence = sequence;
    this.walBase = sequence;
    this.walBaseCommitted = -1;
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
   * that is Quiver's or none, journals that are regular files or none, a file and directory this process can
   * write), then the owner lock: the start
   * of every open. The caller owns the returned lock.
   */
  public static OwnerLock claim(Path file, StoreOptions options) {
    OwnerLock.checkNotHeldInThisJvm(file);
    PrimaryDatabaseGuard.check(file, options.primaryDatabase());
    SidecarNames.checkStoreName(file);
    StoreFileHeader.inspect(file);
    StoreFileAccess.checkCompanionsAreFiles(file);
    StoreFileAccess.checkWritable(file);
    return OwnerLock.acquire(file);
  }

  /**
   * Opens {@code file} under the owner lock the caller took with {@link #claim}, handing the lock over: the
   * returned file releases it on close, and a refused open releases it at once. Lets the caller start work
   * that needs the lock (reading the arena image) while the file opens.
   */
  public static StoreFile openOwning(Path file, StoreOptions options, OwnerLock owner) {
    return open(file, options, probeFilesystem(file), owner, true, true);
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
        moveStaleJournals(file);
      } else {
        JournalOwnership.moveForeignJournals(file);
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
        Schema.create(connection, options);
      }
      applyJournal(connection, file, journal, filesystemType);
      StoreFile opened = verifyExisting(file, connection, owner, ownsLock, journal, filesystemType, version,
          options);
      opened.checkpoint(); // a replayed WAL goes into the file now: each open starts a WAL generation
      return opened;
    } catch (SQLException e) {
      closeQuietly(connection);
      releaseIfOwned(owner, ownsLock);
      throw SqliteErrors.translate(e, file, "opening");
    } catch (RuntimeException e) {
      closeQuietly(connection);
      releaseIfOwned(owner, ownsLock);
      throw e;
    }
  }

  /** A refused open leaves nothing behind: an owner file this open created is removed with the lock. */
  private static void releaseIfOwned(OwnerLock owner, boolean owned) {
    if (owned) {
      owner.releaseAndDelete();
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

  /**
   * A journal beside a file that does not exist yet (or is empty) belongs to no file of ours, and would be
   * replayed into the new one: each is moved to the quarantine directory, never deleted.
   */
  private static void moveStaleJournals(Path file) {
    for (String suffix : new String[] {"-wal", "-journal", "-shm"}) {
      Path sidecar = file.resolveSibling(file.getFileName() + suffix);
      if (Files.exists(sidecar, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Path moved = Quarantine.moveJournal(file, sidecar);
        LOG.log(System.Logger.Level.WARNING, "moved {0}, left without its database, to {1} before creating {2}",
            sidecar, moved, file);
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
    if (journal.journalMode().equals("wal")) {
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA wal_autocheckpoint=0"); // the writer checkpoints: see the class notes
      }
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

  private static StoreFile verifyExisting(Path file, Connection c, OwnerLock owner, boolean ownsLock,
      JournalPolicy journal, String filesystem, String version, StoreOptions options) throws SQLException {
    int userVersion = Integer.parseInt(queryString(c, "PRAGMA user_version"));
    if (userVersion != Schema.VERSION && userVersion != Schema.FIRST_VERSION) {
      throw new QuiverException(ErrorCode.VERSION, file, "store file " + file + " has schema version "
          + userVersion + "; this build reads versions " + Schema.FIRST_VERSION + " to " + Schema.VERSION);
    }
    List<String> problems = pragmaCheck(c, "quick_check");
    if (!problems.isEmpty()) {
      throw new QuiverException(ErrorCode.CORRUPT, file, "store file " + file + " failed quick_check: "
          + String.join("; ", problems));
    }
    Schema.checkTables(c, file, userVersion);
    if (userVersion == Schema.FIRST_VERSION) {
      Schema.migrateFromVersion1(c);
      LOG.log(System.Logger.Level.INFO, "migrated store file {0} from schema version 1 to {1}", file,
          Schema.VERSION);
    }
    int dimensions = (int) numericMeta(c, file, "dimensions", 1, StoreOptions.MAX_DIMENSIONS);
    String metricName = requiredMeta(c, file, "metric");
    Metric metric;
    try {
      metric = Metric.valueOf(metricName);
    } catch (IllegalArgumentException e) {
      throw RowCodec.corrupt(file, "its metric is '" + RowCodec.abbreviate(metricName) + "'; expected one of "
          + java.util.Arrays.toString(Metric.values()));
    }
    String modelId = Schema.meta(c, "model_id");
    long sequence = numericMeta(c, file, "sequence", 0, Long.MAX_VALUE);
    String storeId = requiredMeta(c, file, Schema.STORE_ID);
    Schema.checkSettings(c, file);
    boolean adopt = options.dimensions() == StoreOptions.ADOPT;
    if (!adopt && (dimensions != options.dimensions() || metric != options.metric())) {
      throw new QuiverException(ErrorCode.MODEL_MISMATCH, file, String.format(Locale.ROOT,
          "store file %s holds %d-dimensional %s vectors; the options ask for %d-dimensional %s. Rebuild the store "
              + "to change them", file, dimensions, metric, options.dimensions(), options.metric()));
    }
    if (options.modelId() != null && modelId != null && !options.modelId().equals(modelId)) {
      throw new QuiverException(ErrorCode.MODEL_MISMATCH, file, "store file " + file + " holds vectors of model '"
          + modelId + "'; the embedder is '" + options.modelId() + "'. Rebuild the store to change models");
    }
    StoreFile opened = new StoreFile(file, c, owner, ownsLock, journal, filesystem, version, dimensions, metric,
        modelId != null ? modelId : options.modelId(), sequence, storeId);
    opened.deletionsRecorded = !"0".equals(queryString(c, "SELECT EXISTS (SELECT 1 FROM quiver_deletions)"));
    return opened;
  }

  private static String requiredMeta(Connection c, Path file, String key) throws SQLException {
    String value = Schema.meta(c, key);
    if (value == null) {
      throw RowCodec.corrupt(file, "it lacks its '" + key + "' setting");
    }
    return value;
  }

  private static long numericMeta(Connection c, Path file, String key, long min, long max) throws SQLException {
    String value = requiredMeta(c, file, key);
    try {
      long n = Long.parseLong(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException notANumber) {
      // reported below
    }
    throw RowCodec.corrupt(file, String.format(Locale.ROOT, "its '%s' setting is '%s'; expected a number from "
        + "%d to %d", key, RowCodec.abbreviate(value), min, max));
  }

  private static List<String> pragmaCheck(Connection c, String pragma) throws SQLException {
    List<String> problems = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + pragma + "(20)")) {
      while (rs.next()) {
        String line = rs.getString(1);
        if (!"ok".equals(line)) {
          problems.add(line);
        }
      }
    }
    return problems;
  }

  private static final String ITEM_COLUMNS = "rowid, id, seq, text, attributes, ts, vector, crc";

  /** Rows in quiver_items, for sizing the arena before a load: SQLite counts them from the small seq index. */
  public synchronized int itemCount() {
    ensureUsable();
    try {
      String count = queryString(connection, "SELECT count(*) FROM quiver_items");
      return count == null ? 0 : (int) Math.min(Integer.MAX_VALUE, Long.parseLong(count));
    } catch (SQLException e) {
      throw fail(e, "counting items");
    }
  }

  /**
   * Streams every stored item, in the order they were last written, each checked against its checksum. The
   * consumer is called on a second thread, in order, once the store is larger than {@link PipelinedRows#BATCH}
   * rows (see {@link PipelinedRows}); it returns after the last call. Each row's vector array is reused for
   * the next row: the consumer copies what it keeps.
   */
  public synchronized void forEachRow(Consumer<StoredRow> consumer) {
    readRows("SELECT " + ITEM_COLUMNS + " FROM quiver_items ORDER BY seq", consumer, true);
  }

  /** Streams every stored item in id order, each checked against its checksum, on the caller's thread. */
  public synchronized void forEachRowById(Consumer<StoredRow> consumer) {
    readRows("SELECT " + ITEM_COLUMNS + " FROM quiver_items ORDER BY id", consumer, false);
  }

  private void readRows(String sql, Consumer<StoredRow> consumer, boolean pipelined) {
    ensureUsable();
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      if (pipelined) {
        PipelinedRows.stream(rs, file, dimensions, consumer);
      } else {
        while (rs.next()) {
          consumer.accept(RowCodec.item(rs, file, dimensions, true));
        }
      }
    } catch (SQLException e) {
      throw fail(e, "reading items");
    } catch (QuiverException e) {
      if (e.code() == ErrorCode.CORRUPT) {
        failed = true;
      }
      throw e;
    }
  }

  /**
   * The rows of quiver_items whose change sequence is at most {@code seq}: their count and the sum of their
   * sequences, from the seq index alone. An arena image at {@code seq} must agree with it (see
   * {@code ArenaCache}).
   */
  public synchronized long[] itemsUpTo(long seq) {
    ensureUsable();
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT count(*), coalesce(sum(seq), 0) FROM quiver_items WHERE seq <= ?")) {
      s.setLong(1, seq);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    } catch (SQLException e) {
      throw fail(e, "counting items up to sequence " + seq);
    }
  }

  /** The ids of the items written or deleted after change {@code seq}, once each; no vectors are read. */
  public synchronized List<String> idsChangedAfter(long seq) {
    ensureUsable();
    List<String> ids = new ArrayList<>();
    try (PreparedStatement items = connection.prepareStatement("SELECT id FROM quiver_items WHERE seq > ?");
        PreparedStatement deleted = connection.prepareStatement("SELECT id FROM quiver_deletions WHERE seq > ?")) {
      for (PreparedStatement s : List.of(items, deleted)) {
        s.setLong(1, seq);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getString(1));
          }
        }
      }
      return ids;
    } catch (SQLException e) {
      throw fail(e, "reading the ids changed after sequence " + seq);
    }
  }

  /**
   * Every change after {@code seq}, each checked against its checksum as a load checks it: the stored items
   * written since, in sequence order, then the ids deleted since. An id is in at most one of the two: a
   * write clears the id's tombstone and a deletion removes its row.
   */
  public synchronized void forEachChangeAfter(long seq, Consumer<StoredRow> upserts, Consumer<String> deletions) {
    ensureUsable();
    try (PreparedStatement items = connection.prepareStatement("SELECT " + ITEM_COLUMNS
            + " FROM quiver_items WHERE seq > ? ORDER BY seq");
        PreparedStatement deleted = connection.prepareStatement(
            "SELECT rowid, id, seq, crc FROM quiver_deletions WHERE seq > ? ORDER BY seq")) {
      items.setLong(1, seq);
      try (ResultSet rs = items.executeQuery()) {
        while (rs.next()) {
          upserts.accept(RowCodec.item(rs, file, dimensions, true));
        }
      }
      deleted.setLong(1, seq);
      try (ResultSet rs = deleted.executeQuery()) {
        while (rs.next()) {
          long crc = rs.getLong(4);
          if (rs.wasNull() || crc != RowCodec.deletionChecksum(rs.getString(2), rs.getLong(3))) {
            throw RowCodec.corrupt(file, "deletion row " + rs.getLong(1) + " does not match its checksum");
          }
          deletions.accept(rs.getString(2));
        }
      }
    } catch (SQLException e) {
      throw fail(e, "reading the changes after sequence " + seq);
    } catch (QuiverException e) {
      if (e.code() == ErrorCode.CORRUPT) {
        failed = true;
      }
      throw e;
    }
  }

  /** The token of the arena image last committed by {@link #putImageToken}, or null. */
  public synchronized String imageToken() {
    ensureUsable();
    try {
      return Schema.meta(connection, Schema.ARENA_IMAGE);
    } catch (SQLException e) {
      throw fail(e, "reading the arena image token");
    }
  }

  /**
   * Commits {@code token} as the arena image's, at the current sequence: an image carrying it was written from
   * this file's state at this sequence, so every later change is in the file's change log. A restored or
   * diverged copy of the file carries another token, or none, and ignores the image.
   */
  public synchronized void putImageToken(String token) {
    ensureUsable();
    try {
      begin();
      writeSequence(sequence); // the meta page first, as in every write (see JournalOwnership)
      Schema.putMeta(connection, Schema.ARENA_IMAGE, token);
      commit();
    } catch (SQLException e) {
      Schema.rollbackQuietly(connection);
      throw fail(e, "recording the arena image");
    }
    committed(sequence);
  }

  /** Whether a read found the file damaged: it then takes no more reads or writes. */
  public synchronized boolean damaged() {
    return failed;
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
   * {@code value} in the same transaction (skipped when {@code key} is null). A failed write leaves nothing
   * behind, and the next one starts a transaction of its own.
   */
  public synchronized long write(List<Item> upserts, List<float[]> vectors, Collection<String> deletions,
      String watermarkKey, String watermarkValue) {
    ensureUsable();
    if (watermarkValue != null && watermarkValue.length() > MAX_WATERMARK_LENGTH) {
      throw new IllegalArgumentException("watermark " + watermarkKey + " of " + file + " has "
          + watermarkValue.length() + " characters; at most " + MAX_WATERMARK_LENGTH + " are kept");
    }
    long next = sequence;
    try {
      begin();
      // the meta page first: a hot journal then always holds its original (see JournalOwnership)
      writeSequence(sequence + upserts.size() + deletions.size());
      try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO quiver_items "
              + "(id, seq, text, attributes, ts, vector, crc) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO "
              + "UPDATE SET seq = excluded.seq, text = excluded.text, attributes = excluded.attributes, "
              + "ts = excluded.ts, vector = excluded.vector, crc = excluded.crc");
          PreparedStatement undelete = connection.prepareStatement("DELETE FROM quiver_deletions WHERE id = ?");
          PreparedStatement delete = connection.prepareStatement("DELETE FROM quiver_items WHERE id = ?");
          PreparedStatement tombstone = connection.prepareStatement("INSERT INTO quiver_deletions (id, seq, crc) "
              + "VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, crc = excluded.crc")) {
        for (int i = 0; i < upserts.size(); i++) {
          Item item = upserts.get(i);
          byte[] attributes = Codec.encodeAttributes(item.attributes());
          byte[] vector = vectors.get(i) == null ? null : Codec.encodeVector(vectors.get(i));
          upsert.setString(1, item.id());
          upsert.setLong(2, ++next);
          upsert.setString(3, item.text());
          upsert.setBytes(4, attributes);
          if (item.timestamp() == null) {
            upsert.setNull(5, Types.INTEGER);
          } else {
            upsert.setLong(5, item.timestamp());
          }
          upsert.setBytes(6, vector);
          upsert.setLong(7, RowCodec.itemChecksum(item.id(), next, item.text(), attributes, item.timestamp(),
              vector));
          upsert.addBatch();
          if (deletionsRecorded) {
            undelete.setString(1, item.id());
            undelete.addBatch();
          }
        }
        if (!deletions.isEmpty()) {
          deletionsRecorded = true; // before the tombstones: a failed write may still have left some
        }
        for (String id : deletions) {
          delete.setString(1, id);
          delete.addBatch();
          tombstone.setString(1, id);
          tombstone.setLong(2, ++next);
          tombstone.setLong(3, RowCodec.deletionChecksum(id, next));
          tombstone.addBatch();
        }
        upsert.executeBatch();
        undelete.executeBatch();
        delete.executeBatch();
        tombstone.executeBatch();
      }
      if (watermarkKey != null) {
        Schema.putMeta(connection, "watermark." + watermarkKey, watermarkValue);
      }
      commit();
    } catch (SQLException e) {
      Schema.rollbackQuietly(connection);
      throw fail(e, "writing " + upserts.size() + " items and " + deletions.size() + " deletions");
    }
    committed(next);
    return next;
  }

  /** Commits {@code next} as the change sequence, with no item change; it must be above the current one. */
  public synchronized void advanceSequence(long next) {
    ensureUsable();
    if (next <= sequence) {
      throw new IllegalArgumentException("sequence of " + file + " can only move forward: it is " + sequence
          + "; asked for " + next);
    }
    try {
      begin();
      writeSequence(next);
      commit();
    } catch (SQLException e) {
      Schema.rollbackQuietly(connection);
      throw fail(e, "advancing the sequence to " + next);
    }
    committed(next);
  }

  private void begin() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
    }
  }

  private void commit() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("COMMIT");
    }
  }

  /** The change sequence, and the WAL generation's base when it changed: both on the meta page. */
  private void writeSequence(long next) throws SQLException {
    Schema.putMeta(connection, "sequence", Long.toString(next));
    if (walBase != walBaseCommitted) {
      Schema.putMeta(connection, Schema.WAL_BASE, Long.toString(walBase));
    }
  }

  private void committed(long next) {
    sequence = next;
    walBaseCommitted = walBase;
    if (journal.local() && walBytes() > CHECKPOINT_BYTES) {
      checkpoint();
    }
  }

  /**
   * Copies the WAL into the file and truncates it; the next write starts a new WAL generation based on the
   * current sequence. A checkpoint that fails (a full disk) changes nothing and is tried again later.
   */
  private void checkpoint() {
    if (!journal.local()) {
      return;
    }
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
      if (rs.next() && rs.getInt(1) == 0) {
        walBase = sequence;
      }
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "checkpointing {0} failed, the WAL keeps growing: {1}", file,
          e.getMessage());
    }
  }

  private long walBytes() {
    try {
      return Files.size(file.resolveSibling(file.getFileName() + "-wal"));
    } catch (IOException absent) {
      return 0;
    }
  }

  /** The caller's watermark {@code key} as last committed, or null. */
  public synchronized String watermark(String key) {
    ensureUsable();
    try {
      return Schema.meta(connection, "watermark." + key);
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
    try (PreparedStatement items = connection.prepareStatement("SELECT rowid, id, seq, text, attributes, ts, "
            + "NULL, crc FROM quiver_items WHERE seq > ? ORDER BY seq LIMIT ?");
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
          // checksums need the vector, which catch-up does not read; every row was checked when loaded
          upserts.add(RowCodec.item(rs, file, dimensions, false).item());
          itemSeqs.add(rs.getLong(3));
        }
      }
      List<Long> deletionSeqs = new ArrayList<>();
      try (ResultSet rs = deleted.executeQuery()) {
        while (rs.next()) {
          deletions.add(rs.getString(1));
          deletionSeqs.add(rs.getLong(2));
        }
      }
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
    }
  }

  private static <T> void trimAbove(List<T> values, List<Long> seqs, long bound) {
    for (int i = values.size() - 1; i >= 0; i--) {
      if (seqs.get(i) > bound) {
        values.remove(i);
      }
    }
  }

  /**
   * Checks the whole file: SQLite's {@code integrity_check} (b-trees and indexes), then every row against
   * its checksum. An empty list means the file is sound. Reads only.
   */
  public synchronized List<String> check() {
    ensureOpen();
    try {
      List<String> problems = pragmaCheck(connection, "integrity_check");
      if (problems.isEmpty()) {
        try (Statement s = connection.createStatement();
            ResultSet rs = s.executeQuery("SELECT " + ITEM_COLUMNS + " FROM quiver_items")) {
          while (rs.next()) {
            RowCodec.item(rs, file, dimensions, true);
          }
        } catch (QuiverException e) {
          problems.add(e.getMessage());
        }
        try (Statement s = connection.createStatement();
            ResultSet rs = s.executeQuery("SELECT rowid, id, seq, crc FROM quiver_deletions")) {
          while (rs.next()) {
            long crc = rs.getLong(4);
            if (rs.wasNull() || crc != RowCodec.deletionChecksum(rs.getString(2), rs.getLong(3))) {
              problems.add("deletion row " + rs.getLong(1) + " does not match its checksum");
            }
          }
        }
      }
      return problems;
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

  /** The file's random identity ({@code store.id}), fixed when it was created. */
  public String storeId() {
    return storeId;
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
        Schema.rollbackQuietly(connection);
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
