package dev.quiver.internal.storefile;

import dev.quiver.internal.storefile.StoreOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The tables of a store file and their versions ({@code PRAGMA user_version}).
 *
 * <ul>
 *   <li>Version 1: {@code quiver_meta}, {@code quiver_items}, {@code quiver_deletions}.
 *   <li>Version 2 adds a CRC32C per item and per deletion ({@link RowCodec}), and {@code store.id} in
 *       {@code quiver_meta}: a random identity that journal files are checked against. A version 1 file is
 *       migrated on open, in one transaction. Files created or migrated since also carry {@code
 *       settings.crc}, a CRC32C over the settings fixed at creation ({@link #FIXED_SETTINGS}), checked on
 *       open when present: a flipped bit in the model id or the dimensions is damage, not a request for
 *       another model. (Older version 2 files lack it and are not checked.)
 * </ul>
 *
 * <p>{@code quiver_meta} is created first, so its root is page 2, and its values are kept short so it stays
 * one leaf page: every write transaction rewrites that page (the change sequence lives there), which is what
 * lets {@link JournalOwnership} recognise this file's own WAL frames and hot journals.
 */
final class Schema {
  static final int VERSION = 2;
  static final int FIRST_VERSION = 1;
  static final String STORE_ID = "store.id";
  static final String WAL_BASE = "wal.base";
  static final String SETTINGS_CRC = "settings.crc";
  /** The random token of the arena image last written beside the file, committed before its rename. */
  static final String ARENA_IMAGE = "arena.image";
  /** The settings no write changes after creation, in the order {@link #SETTINGS_CRC} covers them. */
  static final List<String> FIXED_SETTINGS = List.of("dimensions", "metric", "model_id", STORE_ID);

  /** The columns of each table in version 1, in order. */
  private static final Map<String, List<String>> VERSION_1_COLUMNS = columns(List.of(), List.of());
  /** The columns of each table in version 2: version 1's and a checksum per item and deletion. */
  private static final Map<String, List<String>> VERSION_2_COLUMNS = columns(List.of("crc"), List.of("crc"));

  private Schema() {}

  private static Map<String, List<String>> columns(List<String> itemsAdded, List<String> deletionsAdded) {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    tables.put("quiver_meta", List.of("key", "value"));
    List<String> items = new ArrayList<>(List.of("id", "seq", "text", "attributes", "ts", "vector"));
    items.addAll(itemsAdded);
    tables.put("quiver_items", List.copyOf(items));
    List<String> deletions = new ArrayList<>(List.of("id", "seq"));
    deletions.addAll(deletionsAdded);
    tables.put("quiver_deletions", List.copyOf(deletions));
    return tables;
  }

  /**
   * Checks that the file has the tables and columns of its schema {@code version}, before any query needs
   * them: a dropped table, a column renamed by a damaged schema record, or a version number that does not
   * match the tables is damage ({@link dev.quiver.ErrorCode#CORRUPT}), not a failing query later.
   */
  static void checkTables(Connection c, Path file, int version) throws SQLException {
    Map<String, List<String>> expected = version == FIRST_VERSION ? VERSION_1_COLUMNS : VERSION_2_COLUMNS;
    for (Map.Entry<String, List<String>> table : expected.entrySet()) {
      List<String> found = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT name FROM pragma_table_info(?) ORDER BY cid")) {
        s.setString(1, table.getKey());
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            found.add(rs.getString(1));
          }
        }
      }
      if (!found.equals(table.getValue())) {
        throw RowCodec.corrupt(file, found.isEmpty() ? "it has no table " + table.getKey()
            : "its table " + table.getKey() + " has columns " + found + "; schema version " + version + " has "
                + table.getValue());
      }
    }
  }

  /** Creates the tables, in one transaction. */
  static void create(Connection c, StoreOptions options) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      s.execute("PRAGMA application_id=" + StoreFileHeader.APPLICATION_ID);
      s.execute("PRAGMA user_version=" + VERSION);
      s.execute("CREATE TABLE quiver_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
      s.execute("CREATE TABLE quiver_items (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, text TEXT, "
          + "attributes BLOB, ts INTEGER, vector BLOB, crc INTEGER)");
      s.execute("CREATE INDEX quiver_items_seq ON quiver_items (seq)");
      s.execute("CREATE TABLE quiver_deletions (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, crc INTEGER)");
      s.execute("CREATE INDEX quiver_deletions_seq ON quiver_deletions (seq)");
      putMeta(c, "dimensions", Integer.toString(options.dimensions()));
      putMeta(c, "metric", options.metric().name());
      if (options.modelId() != null) {
        putMeta(c, "model_id", options.modelId());
      }
      putMeta(c, "sequence", "0");
      putMeta(c, WAL_BASE, "0");
      putMeta(c, STORE_ID, newStoreId());
      putMeta(c, SETTINGS_CRC, settingsChecksum(c));
      s.execute("COMMIT");
    } catch (SQLException e) {
      rollbackQuietly(c);
      throw e;
    }
  }

  /** Brings a version 1 file to version 2: checksums for the rows it holds, and a store id. */
  static void migrateFromVersion1(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      s.execute("ALTER TABLE quiver_items ADD COLUMN crc INTEGER");
      s.execute("ALTER TABLE quiver_deletions ADD COLUMN crc INTEGER");
      try (PreparedStatement update = c.prepareStatement("UPDATE quiver_items SET crc = ? WHERE rowid = ?");
          ResultSet rs = s.executeQuery("SELECT rowid, id, seq, text, attributes, ts, vector FROM quiver_items")) {
        while (rs.next()) {
          long tsValue = rs.getLong(6);
          Long ts = rs.wasNull() ? null : tsValue;
          update.setLong(1, RowCodec.itemChecksum(rs.getString(2), rs.getLong(3), rs.getString(4), rs.getBytes(5),
              ts, rs.getBytes(7)));
          update.setLong(2, rs.getLong(1));
          update.addBatch();
        }
        update.executeBatch();
      }
      try (PreparedStatement update = c.prepareStatement("UPDATE quiver_deletions SET crc = ? WHERE rowid = ?");
          ResultSet rs = s.executeQuery("SELECT rowid, id, seq FROM quiver_deletions")) {
        while (rs.next()) {
          update.setLong(1, RowCodec.deletionChecksum(rs.getString(2), rs.getLong(3)));
          update.setLong(2, rs.getLong(1));
          update.addBatch();
        }
        update.executeBatch();
      }
      putMeta(c, STORE_ID, newStoreId());
      putMeta(c, SETTINGS_CRC, settingsChecksum(c));
      putMeta(c, WAL_BASE, "0");
      s.execute("PRAGMA user_version=" + VERSION);
      s.execute("COMMIT");
    } catch (SQLException e) {
      rollbackQuietly(c);
      throw e;
    }
  }

  /** {@link #FIXED_SETTINGS}' checksum as the file now holds them, as 8 hex digits. */
  static String settingsChecksum(Connection c) throws SQLException {
    List<String> values = new ArrayList<>();
    for (String key : FIXED_SETTINGS) {
      values.add(meta(c, key));
    }
    return String.format(java.util.Locale.ROOT, "%08x", RowCodec.settingsChecksum(values));
  }

  /**
   * Checks {@link #SETTINGS_CRC} where the file has one.
   *
   * @throws dev.quiver.QuiverException CORRUPT when the fixed settings do not give the stored checksum
   */
  static void checkSettings(Connection c, Path file) throws SQLException {
    String stored = meta(c, SETTINGS_CRC);
    if (stored == null) {
      return;
    }
    String expected = settingsChecksum(c);
    if (!expected.equals(stored)) {
      throw RowCodec.corrupt(file, "its settings " + FIXED_SETTINGS + " give checksum " + expected + "; its '"
          + SETTINGS_CRC + "' setting is '" + RowCodec.abbreviate(stored) + "'");
    }
  }

  static void putMeta(Connection c, String key, String value) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("INSERT INTO quiver_meta (key, value) VALUES (?, ?) "
        + "ON CONFLICT(key) DO UPDATE SET value = excluded.value")) {
      s.setString(1, key);
      s.setString(2, value);
      s.executeUpdate();
    }
  }

  static String meta(Connection c, String key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT value FROM quiver_meta WHERE key = ?")) {
      s.setString(1, key);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  /** A rollback that is not needed (SQLite may already have rolled back after SQLITE_FULL) is harmless. */
  static void rollbackQuietly(Connection c) {
    try (Statement s = c.createStatement()) {
      s.execute("ROLLBACK");
    } catch (SQLException noTransaction) {
      // the original failure is what matters
    }
  }

  private static String newStoreId() {
    UUID id = UUID.randomUUID();
    return HexFormat.of().toHexDigits(id.getMostSignificantBits()) + HexFormat.of()
        .toHexDigits(id.getLeastSignificantBits());
  }
}
