package dev.quiver.internal.storefile;

import dev.quiver.internal.storefile.PageFormatException.Reason;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of one SQLite b-tree leaf page, decoded in pure Java: a table leaf ({@code 0x0D}: payload size,
 * rowid, record) or an index leaf ({@code 0x0A}: payload size, record). Values are {@code null},
 * {@link Long}, {@link Double}, {@code byte[]} or {@link String} (text is read as UTF-8, the encoding of
 * Quiver's files).
 *
 * <p>Decoding is all or nothing, and stricter than a query: besides every bound a reader needs, the page must
 * pass the space accounting of {@code PRAGMA integrity_check} (cells and freeblocks inside the content area,
 * not overlapping, and the bytes between them equal to the fragment count in the header), every record must
 * use its payload exactly, and text must be valid UTF-8. A cell that spills to an overflow page is refused,
 * as is an interior page: this reader follows no pointers.
 */
final class LeafPage {
  static final int TABLE_LEAF = 0x0D;
  static final int INDEX_LEAF = 0x0A;
  private static final int TABLE_INTERIOR = 0x05;
  private static final int INDEX_INTERIOR = 0x02;
  private static final int LEAF_HEADER_BYTES = 8;
  /** SQLite pads a cell to at least 4 bytes so it can become a freeblock. */
  private static final int MIN_CELL_BYTES = 4;

  /** The two kinds of leaf. */
  enum Kind {
    /** A rowid table's leaf: each cell has a rowid. */
    TABLE,
    /** An index's, or a {@code WITHOUT ROWID} table's, leaf. */
    INDEX
  }

  private final Kind kind;
  private final long[] rowids;
  private final List<List<Object>> rows;

  private LeafPage(Kind kind, long[] rowids, List<List<Object>> rows) {
    this.kind = kind;
    this.rowids = rowids;
    this.rows = rows;
  }

  /**
   * Decodes {@code page}.
   *
   * @param page the page's bytes: at least {@code usableSize} of them (any reserved tail is ignored)
   * @param pageNumber 1-based; page 1 starts with the 100-byte database header
   * @param usableSize the page size less the reserved bytes, from 480 to 65536
   * @throws PageFormatException {@link Reason#NOT_A_LEAF} for an interior page, {@link Reason#OVERFLOW} for a
   *     cell whose payload spills, {@link Reason#MALFORMED} for anything else that does not decode
   */
  static LeafPage decode(byte[] page, long pageNumber, int usableSize) throws PageFormatException {
    return new Decoder(page, pageNumber, usableSize).decode();
  }

  /**
   * Decodes the root page of {@code quiver_meta} ({@code key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT
   * ROWID}, a single index leaf at page 2) into key -> value, in key order.
   *
   * @return empty if the page does not decode, is not an index leaf, or any row is not two texts with keys in
   *     strictly ascending binary order (the order SQLite keeps them in)
   */
  static Optional<Map<String, String>> metaRows(byte[] page, int usableSize) {
    LeafPage leaf;
    try {
      leaf = decode(page, 2, usableSize);
    } catch (PageFormatException e) {
      return Optional.empty();
    }
    if (leaf.kind != Kind.INDEX) {
      return Optional.empty();
    }
    Map<String, String> meta = new LinkedHashMap<>();
    byte[] previous = null;
    for (List<Object> row : leaf.rows) {
      if (row.size() != 2 || !(row.get(0) instanceof String key) || !(row.get(1) instanceof String value)) {
        return Optional.empty();
      }
      byte[] utf8 = key.getBytes(StandardCharsets.UTF_8);
      if (previous != null && Arrays.compareUnsigned(previous, utf8) >= 0) {
        return Optional.empty();
      }
      previous = utf8;
      meta.put(key, value);
    }
    return Optional.of(Collections.unmodifiableMap(meta));
  }

  Kind kind() {
    return kind;
  }

  /** The number of cells, which is the number of rows. */
  int cellCount() {
    return rows.size();
  }

  /** The records in cell-pointer order; each an unmodifiable list that may hold nulls. */
  List<List<Object>> rows() {
    return rows;
  }

  /** The rowid of each cell of a table leaf, in cell order; empty for an index leaf. */
  long[] rowids() {
    return rowids.clone();
  }

  /** One decode: every read is bounds-checked against {@link #limit} and reported as MALFORMED. */
  private static final class Decoder {
    private final byte[] page;
    private final long pageNumber;
    private final int limit;
    private int pos;

    Decoder(byte[] page, long pageNumber, int usableSize) {
      this.page = page;
      this.pageNumber = pageNumber;
      this.limit = usableSize;
    }

    LeafPage decode() throws PageFormatException {
      if (pageNumber < 1) {
        throw malformed("page number %d is below 1", pageNumber);
      }
      if (limit < DatabasePages.MIN_USABLE_SIZE || limit > DatabasePages.MAX_PAGE_SIZE) {
        throw malformed("usable size %d is outside %d..%d", limit, DatabasePages.MIN_USABLE_SIZE,
            DatabasePages.MAX_PAGE_SIZE);
      }
      if (page.length < limit) {
        throw malformed("%d bytes is shorter than the usable size %d", page.length, limit);
      }
      int header = pageNumber == 1 ? DatabasePages.HEADER_BYTES : 0;
      int type = page[header] & 0xff;
      if (type == TABLE_INTERIOR || type == INDEX_INTERIOR) {
        throw new PageFormatException(Reason.NOT_A_LEAF, String.format(Locale.ROOT,
            "page %d is an interior b-tree page (type 0x%02x), not a leaf", pageNumber, type));
      }
      if (type != TABLE_LEAF && type != INDEX_LEAF) {
        throw malformed("type byte 0x%02x at offset %d is not a b-tree page type", type, header);
      }
      boolean table = type == TABLE_LEAF;
      int firstFreeblock = u16(header + 1);
      int cells = u16(header + 3);
      int contentStart = u16(header + 5);
      if (contentStart == 0) {
        contentStart = 65536;
      }
      int fragmented = page[header + 7] & 0xff;
      int pointersEnd = header + LEAF_HEADER_BYTES + 2 * cells;
      if (pointersEnd > contentStart || contentStart > limit) {
        throw malformed("%d cell pointers end at %d, the content area starts at %d, the usable size is %d",
            cells, pointersEnd, contentStart, limit);
      }
      // [start, end) of every cell and freeblock, to check the space adds up as integrity_check does
      List<int[]> extents = new ArrayList<>();
      long[] rowids = new long[table ? cells : 0];
      List<List<Object>> rows = new ArrayList<>(cells);
      for (int i = 0; i < cells; i++) {
        int cell = u16(header + LEAF_HEADER_BYTES + 2 * i);
        if (cell < contentStart || cell >= limit) {
          throw malformed("cell %d at offset %d is outside the content area %d..%d", i, cell, contentStart, limit);
        }
        pos = cell;
        long payload = varint();
        if (table) {
          rowids[i] = varint();
        }
        if (payload < 0) {
          throw malformed("cell %d at offset %d has a payload size above 2^63", i, cell);
        }
        long maxLocal = table ? limit - 35 : (limit - 12) * 64L / 255 - 23;
        if (payload > maxLocal) {
          throw new PageFormatException(Reason.OVERFLOW, String.format(Locale.ROOT, "cell %d of page %d has a "
              + "%d-byte payload; more than %d spills to an overflow page", i, pageNumber, payload, maxLocal));
        }
        int start = pos;
        if (start + payload > limit) {
          throw malformed("cell %d's %d-byte payload at offset %d runs past the usable size %d", i, payload, start,
              limit);
        }
        int end = Math.max(start + (int) payload, cell + MIN_CELL_BYTES);
        if (end > limit) {
          throw malformed("cell %d at offset %d is padded past the usable size %d", i, cell, limit);
        }
        extents.add(new int[] {cell, end});
        rows.add(record(i, start, (int) payload));
      }
      freeblocks(firstFreeblock, contentStart, extents);
      checkSpace(extents, contentStart, fragmented);
      return new LeafPage(table ? Kind.TABLE : Kind.INDEX, rowids, Collections.unmodifiableList(rows));
    }

    private void freeblocks(int first, int contentStart, List<int[]> extents) throws PageFormatException {
      int block = first;
      int minimum = contentStart;
      while (block != 0) {
        if (block < minimum || block + 4 > limit) {
          throw malformed("freeblock at offset %d is out of order or outside the content area %d..%d", block,
              minimum, limit);
        }
        int next = u16(block);
        int size = u16(block + 2);
        if (size < 4 || block + size > limit) {
          throw malformed("freeblock at offset %d has size %d; the usable size is %d", block, size, limit);
        }
        extents.add(new int[] {block, block + size});
        // SQLite merges freeblocks closer than 4 bytes, so the next one starts at least 4 bytes later
        minimum = block + size + 4;
        block = next;
      }
    }

    private void checkSpace(List<int[]> extents, int contentStart, int fragmented) throws PageFormatException {
      extents.sort((a, b) -> Integer.compare(a[0], b[0]));
      int previousEnd = contentStart;
      int gaps = 0;
      for (int[] extent : extents) {
        if (extent[0] < previousEnd) {
          throw malformed("byte %d is used twice (cells or freeblocks overlap)", extent[0]);
        }
        gaps += extent[0] - previousEnd;
        previousEnd = extent[1];
      }
      gaps += limit - previousEnd;
      if (gaps != fragmented) {
        throw malformed("%d bytes of the content area are neither cell nor freeblock; the header counts %d "
            + "fragmented bytes", gaps, fragmented);
      }
    }

    /** The record format: header size, serial types, then the values, using the payload exactly. */
    private List<Object> record(int cell, int start, int length) throws PageFormatException {
      int end = start + length;
      pos = start;
      long headerSize = varint(end);
      if (headerSize < pos - start || headerSize > length) {
        throw malformed("cell %d's record header of %d bytes does not fit its %d-byte payload", cell, headerSize,
            length);
      }
      int headerEnd = start + (int) headerSize;
      List<Long> types = new ArrayList<>();
      long bodySize = 0;
      while (pos < headerEnd) {
        long type = varint(headerEnd);
        long size = contentSize(cell, type);
        bodySize += size;
        if (bodySize > length) {
          throw malformed("cell %d's values need more than its %d-byte payload", cell, length);
        }
        types.add(type);
      }
      if (headerSize + bodySize != length) {
        throw malformed("cell %d's record uses %d of its %d payload bytes", cell, headerSize + bodySize, length);
      }
      List<Object> values = new ArrayList<>(types.size());
      int at = headerEnd;
      for (long type : types) {
        int size = (int) contentSize(cell, type);
        values.add(value(cell, type, at, size));
        at += size;
      }
      return Collections.unmodifiableList(values);
    }

    private long contentSize(int cell, long type) throws PageFormatException {
      if (type < 0 || type == 10 || type == 11) {
        throw malformed("cell %d has serial type %s, which is reserved or out of range", cell,
            Long.toUnsignedString(type));
      }
      if (type >= 12) {
        return (type - 12) / 2;
      }
      return switch ((int) type) {
        case 0, 8, 9 -> 0;
        case 5 -> 6;
        case 6, 7 -> 8;
        default -> type; // 1..4 bytes
      };
    }

    private Object value(int cell, long type, int at, int size) throws PageFormatException {
      if (type == 0) {
        return null;
      }
      if (type == 8 || type == 9) {
        return type - 8;
      }
      if (type >= 12) {
        if ((type & 1) == 0) {
          return Arrays.copyOfRange(page, at, at + size);
        }
        try {
          CharBuffer text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(page, at, size));
          return text.toString();
        } catch (CharacterCodingException e) {
          throw malformed("cell %d has text at offset %d that is not valid UTF-8", cell, at);
        }
      }
      long bits = page[at]; // sign-extends the first byte
      for (int i = 1; i < size; i++) {
        bits = (bits << 8) | (page[at + i] & 0xff);
      }
      return type == 7 ? (Object) Double.longBitsToDouble(bits) : (Object) bits;
    }

    private long varint() throws PageFormatException {
      return varint(limit);
    }

    /** SQLite's varint: up to 8 bytes of 7 bits, high bit set to continue, then a 9th byte of 8 bits. */
    private long varint(int end) throws PageFormatException {
      long value = 0;
      for (int i = 0; i < 9; i++) {
        if (pos >= end) {
          throw malformed("a varint at offset %d runs past offset %d", pos - i, end);
        }
        int b = page[pos++] & 0xff;
        if (i == 8) {
          return (value << 8) | b;
        }
        value = (value << 7) | (b & 0x7f);
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new AssertionError("unreachable: the ninth byte returns");
    }

    private int u16(int offset) throws PageFormatException {
      if (offset + 2 > limit) {
        throw malformed("a 2-byte field at offset %d runs past the usable size %d", offset, limit);
      }
      return ((page[offset] & 0xff) << 8) | (page[offset + 1] & 0xff);
    }

    private PageFormatException malformed(String format, Object... args) {
      return new PageFormatException(Reason.MALFORMED, "cannot decode page " + pageNumber + ": "
          + String.format(Locale.ROOT, format, args));
    }
  }
}
