package dev.quiver.internal.storefile;

import dev.quiver.ErrorCode;
import dev.quiver.Item;
import dev.quiver.QuiverException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * Checksums and validation of the rows of a store file. Each item row carries a CRC32C over its id,
 * sequence, text, attributes, timestamp and vector, computed when it is written and checked when it is
 * read: SQLite's own checks see the b-tree, not a flipped bit inside a value. Any row that does not decode to
 * a valid item is {@link ErrorCode#CORRUPT}, naming the row.
 */
final class RowCodec {
  private RowCodec() {}

  static long itemChecksum(String id, long seq, String text, byte[] attributes, Long ts, byte[] vector) {
    CRC32C crc = new CRC32C();
    update(crc, id == null ? null : id.getBytes(StandardCharsets.UTF_8));
    updateLong(crc, seq);
    update(crc, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    update(crc, attributes);
    if (ts == null) {
      crc.update(0);
    } else {
      crc.update(1);
      updateLong(crc, ts);
    }
    update(crc, vector);
    return crc.getValue();
  }

  /** The checksum of settings fixed when the file is created: each value as stored, null when absent. */
  static long settingsChecksum(java.util.List<String> values) {
    CRC32C crc = new CRC32C();
    for (String value : values) {
      update(crc, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }
    return crc.getValue();
  }

  static long deletionChecksum(String id, long seq) {
    CRC32C crc = new CRC32C();
    update(crc, id == null ? null : id.getBytes(StandardCharsets.UTF_8));
    updateLong(crc, seq);
    return crc.getValue();
  }

  /**
   * One item row as read from the cursor, not yet checked: what {@link #decode} needs. Reading and checking
   * are split so that an open can read rows on one thread while another checks and decodes them.
   */
  record RawRow(long rowid, String id, long seq, String text, byte[] attributes, Long ts, byte[] vector,
      long stored, boolean hasChecksum) {}

  /** Reads the row at the cursor, whose columns are {@code rowid, id, seq, text, attributes, ts, vector, crc}. */
  static RawRow raw(ResultSet rs, boolean readVector) throws SQLException {
    long rowid = rs.getLong(1);
    String id = rs.getString(2);
    long seq = rs.getLong(3);
    String text = rs.getString(4);
    byte[] attributes = rs.getBytes(5);
    long tsValue = rs.getLong(6);
    Long ts = rs.wasNull() ? null : tsValue;
    byte[] vectorBytes = readVector ? rs.getBytes(7) : null;
    long stored = rs.getLong(8);
    boolean hasChecksum = !rs.wasNull();
    return new RawRow(rowid, id, seq, text, attributes, ts, vectorBytes, stored, hasChecksum);
  }

  /**
   * Decodes the item row at the cursor, whose columns are {@code rowid, id, seq, text, attributes, ts,
   * vector, crc}, checking everything a reader relies on.
   *
   * @param readVector whether the vector column was selected; when not, the checksum is not checked
   */
  static StoredRow item(ResultSet rs, Path file, int dimensions, boolean readVector) throws SQLException {
    return decode(raw(rs, readVector), file, dimensions, readVector);
  }

  /** Checks and decodes a row read by {@link #raw}; {@code readVector} as there. */
  static StoredRow decode(RawRow row, Path file, int dimensions, boolean readVector) {
    return decode(row, file, dimensions, readVector, null);
  }

  /**
   * As {@link #decode(RawRow, Path, int, boolean)}, decoding the vector into {@code into} when it is not null
   * ({@code dimensions} long): a load that copies each vector away at once then allocates none.
   */
  static StoredRow decode(RawRow row, Path file, int dimensions, boolean readVector, float[] into) {
    long rowid = row.rowid();
    String id = row.id();
    if (id == null || id.isEmpty()) {
      throw corrupt(file, "row " + rowid + " of quiver_items has " + (id == null ? "no id" : "an empty id"));
    }
    String text = row.text();
    byte[] attributes = row.attributes();
    Long ts = row.ts();
    byte[] vectorBytes = row.vector();
    if (readVector) {
      long expected = itemChecksum(id, row.seq(), text, attributes, ts, vectorBytes);
      if (!row.hasChecksum() || row.stored() != expected) {
        throw corrupt(file, String.format(Locale.ROOT, "item '%s' (row %d of quiver_items) has checksum %s; "
            + "its content gives %08x", abbreviate(id), rowid, row.hasChecksum()
            ? String.format("%08x", row.stored()) : "none", expected));
      }
    }
    Item item;
    try {
      item = new Item(id, text, Codec.decodeAttributes(attributes), ts);
    } catch (IOException | IllegalArgumentException e) {
      throw corrupt(file, "item '" + abbreviate(id) + "' (row " + rowid + " of quiver_items) does not decode: "
          + e.getMessage());
    }
    float[] vector = vectorBytes == null ? null : vector(vectorBytes, item.id(), rowid, file, dimensions, into);
    return new StoredRow(item, vector, row.seq());
  }

  private static float[] vector(byte[] bytes, String id, long rowid, Path file, int dimensions, float[] into) {
    if (bytes.length != dimensions * Float.BYTES) {
      throw corrupt(file, String.format(Locale.ROOT, "vector of item '%s' (row %d) has %d bytes; expected %d "
          + "for %d dimensions", abbreviate(id), rowid, bytes.length, dimensions * Float.BYTES, dimensions));
    }
    float[] vector = into == null ? Codec.decodeVector(bytes) : Codec.decodeVector(bytes, into);
    for (int i = 0; i < vector.length; i++) {
      if (!Float.isFinite(vector[i])) {
        throw corrupt(file, String.format(Locale.ROOT, "vector of item '%s' (row %d) has %s at index %d; "
            + "stored vectors are finite", abbreviate(id), rowid, vector[i], i));
      }
    }
    return vector;
  }

  static QuiverException corrupt(Path file, String what) {
    return new QuiverException(ErrorCode.CORRUPT, file, "store file " + file + " is damaged: " + what);
  }

  /** Long values are shortened in messages: the start identifies them. */
  static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }

  private static void update(CRC32C crc, byte[] bytes) {
    if (bytes == null) {
      crc.update(0);
      return;
    }
    crc.update(1);
    updateLong(crc, bytes.length);
    crc.update(bytes);
  }

  private static void updateLong(CRC32C crc, long value) {
    byte[] bytes = new byte[Long.BYTES]; // little-endian, as the checksums were first defined
    for (int i = 0; i < Long.BYTES; i++) {
      bytes[i] = (byte) (value >>> (8 * i));
    }
    crc.update(bytes);
  }
}
