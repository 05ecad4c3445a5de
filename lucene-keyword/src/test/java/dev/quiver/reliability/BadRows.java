package dev.quiver.reliability;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.zip.CRC32C;

/**
 * Well-formed SQLite rows with values Quiver must not trust, written with a plain sqlite-jdbc connection on
 * a closed store file. Where a bad value would also break the row's checksum, the checksum is recomputed
 * (with the layout of the store file's schema 2, spelled out here independently of the main code), so the
 * case reaches the check it is named after rather than the checksum.
 */
final class BadRows {
  private BadRows() {}

  /** A change to one row of {@code quiver_items}; receives the row's current values, returns the new ones. */
  @FunctionalInterface
  interface RowEdit {
    Row edit(Row row) throws IOException;
  }

  /** The columns of an item row. */
  record Row(String id, long seq, String text, byte[] attributes, Long ts, byte[] vector) {
    Row withId(String newId) {
      return new Row(newId, seq, text, attributes, ts, vector);
    }

    Row withAttributes(byte[] blob) {
      return new Row(id, seq, text, blob, ts, vector);
    }

    Row withVector(byte[] blob) {
      return new Row(id, seq, text, attributes, ts, blob);
    }

    Row withText(String newText) {
      return new Row(id, seq, newText, attributes, ts, vector);
    }
  }

  /**
   * Rewrites the item row {@code id} in {@code file}; {@code recomputeChecksum} keeps its checksum true to
   * the new values, otherwise the old one stays.
   */
  static void editItem(Path file, String id, boolean recomputeChecksum, RowEdit edit) throws Exception {
    try (Connection c = connect(file)) {
      Row row;
      long rowid;
      try (PreparedStatement s = c.prepareStatement("SELECT rowid, id, seq, text, attributes, ts, vector "
          + "FROM quiver_items WHERE id = ?")) {
        s.setString(1, id);
        try (ResultSet rs = s.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException("no item " + id + " in " + file);
          }
          rowid = rs.getLong(1);
          long ts = rs.getLong(6);
          row = new Row(rs.getString(2), rs.getLong(3), rs.getString(4), rs.getBytes(5), rs.wasNull() ? null : ts,
              rs.getBytes(7));
        }
      }
      Row changed = edit.edit(row);
      try (PreparedStatement s = c.prepareStatement("UPDATE quiver_items SET id = ?, seq = ?, text = ?, "
          + "attributes = ?, ts = ?, vector = ?" + (recomputeChecksum ? ", crc = ?" : "") + " WHERE rowid = ?")) {
        s.setString(1, changed.id());
        s.setLong(2, changed.seq());
        s.setString(3, changed.text());
        s.setBytes(4, changed.attributes());
        if (changed.ts() == null) {
          s.setNull(5, java.sql.Types.INTEGER);
        } else {
          s.setLong(5, changed.ts());
        }
        s.setBytes(6, changed.vector());
        int next = 7;
        if (recomputeChecksum) {
          s.setLong(next++, itemChecksum(changed));
        }
        s.setLong(next, rowid);
        if (s.executeUpdate() != 1) {
          throw new IllegalStateException("updated no row of " + file);
        }
      }
    }
  }

  /** Runs statements on {@code file} in one transaction. */
  static void execute(Path file, String... statements) throws SQLException {
    try (Connection c = connect(file); Statement s = c.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      for (String statement : statements) {
        s.execute(statement);
      }
      s.execute("COMMIT");
    }
  }

  private static Connection connect(Path file) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
  }

  /** An attribute blob as the store file encodes it: a count, then modified-UTF-8 names and values. */
  static byte[] attributes(String... namesAndValues) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(namesAndValues.length / 2);
      for (String s : namesAndValues) {
        out.writeUTF(s);
      }
    }
    return bytes.toByteArray();
  }

  /** {@code vector} with the float at {@code index} replaced, little-endian as stored. */
  static byte[] withFloat(byte[] vector, int index, float value) {
    byte[] copy = vector.clone();
    ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putFloat(index * Float.BYTES, value);
    return copy;
  }

  /**
   * The item checksum of schema 2: CRC32C over id, seq, text, attributes, ts and vector, where each byte
   * string is a presence byte (0 for null, else 1 and its little-endian 64-bit length then the bytes), seq is
   * little-endian 64-bit, and ts is a presence byte then, if present, little-endian 64-bit.
   */
  static long itemChecksum(Row row) {
    CRC32C crc = new CRC32C();
    bytes(crc, row.id() == null ? null : row.id().getBytes(StandardCharsets.UTF_8));
    crc.update(le(row.seq()));
    bytes(crc, row.text() == null ? null : row.text().getBytes(StandardCharsets.UTF_8));
    bytes(crc, row.attributes());
    if (row.ts() == null) {
      crc.update(0);
    } else {
      crc.update(1);
      crc.update(le(row.ts()));
    }
    bytes(crc, row.vector());
    return crc.getValue();
  }

  private static void bytes(CRC32C crc, byte[] b) {
    if (b == null) {
      crc.update(0);
      return;
    }
    crc.update(1);
    crc.update(le(b.length));
    crc.update(b);
  }

  private static byte[] le(long value) {
    return ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array();
  }
}
