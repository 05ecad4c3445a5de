package dev.quiver.internal.memory;

import dev.quiver.Item;
import dev.quiver.internal.storefile.Codec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The live items of an arena at one change sequence, in one file that an open reads whole instead of stepping
 * SQLite row by row: float and code chunks as the arena holds them, then each item's id, change sequence,
 * text, attributes and timestamp. A derived cache, never the record of truth: the caller checks what
 * {@link #read} returns against the store file, and a file that is short, foreign, of another layout or
 * fails its CRC32C is refused with an {@link IOException}.
 *
 * <p>Layout, little-endian: a header (magic, layout version, dimensions, slots per chunk, change sequence,
 * the sum of the items' change sequences, item count, store id, token); per chunk of {@link Chunks#SLOTS} items
 * (the last one shorter) the floats, the int8 codes, then scales, errors and norms; the item records; and a
 * trailer of the CRC32C of everything before it and the magic again. Items without a vector have zeros.
 */
public final class ArenaImage {
  /** "QVARENA1" read as a little-endian long. */
  private static final long MAGIC = 0x31414E4552415651L;
  static final int LAYOUT = 1;
  private static final int TRAILER = 2 * Long.BYTES;
  private static final int MAX_DIMENSIONS = dev.quiver.internal.storefile.StoreOptions.MAX_DIMENSIONS;
  private static final int BUFFER = 1 << 22;
  private static final int HAS_VECTOR = 1;
  private static final int HAS_TIMESTAMP = 2;
  private static final int HAS_TEXT = 4;
  private static final int HAS_ATTRIBUTES = 8;

  private ArenaImage() {}

  /**
   * What an image held.
   *
   * @param arena its items at ordinals 0 to {@code items - 1}, published at {@code sequence}
   * @param token the random token the writer committed to the store file with it
   * @param seqSum the sum of the items' change sequences: with {@code items}, a fingerprint of the file's history
   */
  public record Loaded(Arena arena, int dimensions, String storeId, String token, long sequence, int items,
      long seqSum) {}

  /**
   * Writes the live items of {@code s} to {@code temporary} and forces it to disk; {@link #install} then
   * renames it into place. A crash at any point leaves the old image or the new one whole, and at most a
   * partial {@code temporary}.
   */
  public static void write(Snapshot s, String storeId, String token, Path temporary) throws IOException {
    int dimensions = s.dimensions;
    int[] live = new int[s.live];
    int count = 0;
    long seqSum = 0;
    for (int ordinal = 0; ordinal < s.size; ordinal++) {
      if (!s.tombstones.contains(ordinal)) {
        live[count++] = ordinal;
        seqSum += s.record(ordinal).seq;
      }
    }
    if (count != live.length) {
      throw new IllegalStateException("snapshot counts " + s.live + " live items; found " + count);
    }
    try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      Output out = new Output(channel);
      out.putLong(MAGIC);
      out.putInt(LAYOUT);
      out.putInt(dimensions);
      out.putInt(Chunks.SLOTS);
      out.putLong(s.sequence);
      out.putLong(seqSum);
      out.putInt(count);
      out.putString(storeId);
      out.putString(token);
      float[] zeros = new float[dimensions];
      byte[] zeroCodes = new byte[dimensions];
      for (int first = 0; first < count; first += Chunks.SLOTS) {
        int end = Math.min(count, first + Chunks.SLOTS);
        for (int i = first; i < end; i++) {
          int o = live[i];
          boolean scanned = !s.unscannable.contains(o);
          out.putFloats(scanned ? s.chunk(o) : zeros, scanned ? s.offset(o) : 0, dimensions);
        }
        for (int i = first; i < end; i++) {
          int o = live[i];
          boolean scanned = !s.unscannable.contains(o);
          out.putBytes(scanned ? s.codes(o).codes() : zeroCodes, scanned ? Chunks.slot(o) * dimensions : 0,
              dimensions);
        }
        for (int part = 0; part < 3; part++) {
          for (int i = first; i < end; i++) {
            int o = live[i];
            CodeChunk c = s.codes(o);
            float[] values = part == 0 ? c.scales() : part == 1 ? c.errors() : c.norms();
            out.putFloat(s.unscannable.contains(o) ? 0 : values[Chunks.slot(o)]);
          }
        }
      }
      for (int i = 0; i < count; i++) {
        ItemRecord r = s.record(live[i]);
        Item item = r.item;
        byte[] attributes = Codec.encodeAttributes(item.attributes());
        int flags = (s.unscannable.contains(live[i]) ? 0 : HAS_VECTOR)
            | (item.timestamp() != null ? HAS_TIMESTAMP : 0) | (item.text() != null ? HAS_TEXT : 0)
            | (attributes != null ? HAS_ATTRIBUTES : 0);
        out.putLong(r.seq);
        out.putByte(flags);
        out.putString(item.id());
        if (item.timestamp() != null) {
          out.putLong(item.timestamp());
        }
        if (item.text() != null) {
          out.putString(item.text());
        }
        if (attributes != null) {
          out.putInt(attributes.length);
          out.putBytes(attributes, 0, attributes.length);
        }
      }
      out.finish();
      channel.force(true);
    }
  }

  /**
   * Whether Quiver may replace or delete {@code path}: nothing is there, or an image Quiver wrote (its magic
   * number first), or an empty file (what a crash before the first write leaves, with nothing to lose). A file
   * of anyone else's at the name is left alone.
   */
  public static boolean replaceable(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    if (!Files.isRegularFile(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      if (channel.size() == 0) {
        return true;
      }
      ByteBuffer head = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      while (head.hasRemaining() && channel.read(head) >= 0) {
        // a short read of a small file ends at end of file
      }
      return !head.hasRemaining() && head.flip().getLong() == MAGIC;
    }
  }

  /** Renames a written {@code temporary} over {@code target} and forces the directory. */
  public static void install(Path temporary, Path target) throws IOException {
    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    forceDirectory(target.toAbsolutePath().getParent());
  }

  /** Makes the rename durable; a filesystem that cannot force a directory keeps it as its journal does. */
  private static void forceDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException notSupported) {
      // some filesystems refuse to open a directory; the rename is then as durable as they make it
    }
  }

  /**
   * Reads the image at {@code image} into a new arena of {@code dimensions}-dimensional vectors (0: of the
   * dimensions its header names; the caller then compares them with the store's).
   *
   * @throws IOException when the file cannot be read or is not a whole, intact image of that layout
   */
  public static Loaded read(Path image, int dimensions) throws IOException {
    try (FileChannel channel = FileChannel.open(image, StandardOpenOption.READ)) {
      long size = channel.size();
      Input in = new Input(channel, size - TRAILER, image);
      if (size < TRAILER + 44 || in.getLong() != MAGIC) {
        throw unusable(image, "it does not start as an arena image");
      }
      int layout = in.getInt();
      int dims = in.getInt();
      int slots = in.getInt();
      if (dimensions == 0 && dims > 0 && dims <= MAX_DIMENSIONS) {
        dimensions = dims;
      }
      if (layout != LAYOUT || dims != dimensions || slots != Chunks.SLOTS) {
        throw unusable(image, String.format(Locale.ROOT, "it has layout %d, %d dimensions and %d slots a chunk; "
            + "expected %d, %d and %d", layout, dims, slots, LAYOUT, dimensions, Chunks.SLOTS));
      }
      long sequence = in.getLong();
      long seqSum = in.getLong();
      int count = in.getInt();
      // every item takes its vector, code and record: a count the file cannot hold is refused before allocating
      long least = (long) count * ((long) dimensions * (Float.BYTES + 1) + 3L * Float.BYTES + Long.BYTES + 5);
      if (count < 0 || least > size) {
        throw unusable(image, count + " items do not fit in its " + size + " bytes");
      }
      String storeId = in.getString();
      String token = in.getString();
      Arena arena = new Arena(dimensions, count);
      for (int first = 0; first < count; first += Chunks.SLOTS) {
        int n = Math.min(Chunks.SLOTS, count - first);
        float[] vectors = new float[n * dimensions];
        in.getFloats(vectors);
        byte[] codes = new byte[n * dimensions];
        in.getBytes(codes, 0, codes.length);
        float[] scales = new float[n];
        float[] errors = new float[n];
        float[] norms = new float[n];
        in.getFloats(scales);
        in.getFloats(errors);
        in.getFloats(norms);
        arena.installChunk(vectors, new CodeChunk(dimensions, codes, scales, errors, norms), n);
      }
      Arena.Batch batch = arena.begin();
      for (int i = 0; i < count; i++) {
        long seq = in.getLong();
        int flags = in.getByte();
        String id = in.getString();
        Long ts = (flags & HAS_TIMESTAMP) != 0 ? in.getLong() : null;
        String text = (flags & HAS_TEXT) != 0 ? in.getString() : null;
        Map<String, Object> attributes = Map.of();
        if ((flags & HAS_ATTRIBUTES) != 0) {
          byte[] bytes = new byte[in.getLength()];
          in.getBytes(bytes, 0, bytes.length);
          attributes = Codec.decodeAttributes(bytes);
        }
        Item item;
        try {
          item = new Item(id, text, attributes, ts);
        } catch (IllegalArgumentException e) {
          throw unusable(image, "item " + i + " does not decode: " + e.getMessage());
        }
        batch.restore(item, (flags & HAS_VECTOR) != 0, seq);
      }
      in.checkEnd();
      batch.publish(sequence);
      if (arena.snapshot().live() != count) {
        throw unusable(image, "its " + count + " items have " + arena.snapshot().live() + " distinct ids");
      }
      return new Loaded(arena, dimensions, storeId, token, sequence, count, seqSum);
    }
  }

  private static IOException unusable(Path image, String why) {
    return new IOException("arena image " + image + " is unusable: " + why);
  }

  /** Buffered writes with a running CRC32C; the trailer is written by {@link #finish}. */
  private static final class Output {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();

    Output(FileChannel channel) {
      this.channel = channel;
    }

    private void room(int bytes) throws IOException {
      if (buffer.remaining() < bytes) {
        flush();
      }
    }

    private void flush() throws IOException {
      buffer.flip();
      crc.update(buffer.duplicate());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      buffer.clear();
    }

    void putByte(int b) throws IOException {
      room(1);
      buffer.put((byte) b);
    }

    void putInt(int v) throws IOException {
      room(Integer.BYTES);
      buffer.putInt(v);
    }

    void putLong(long v) throws IOException {
      room(Long.BYTES);
      buffer.putLong(v);
    }

    void putFloat(float v) throws IOException {
      room(Float.BYTES);
      buffer.putFloat(v);
    }

    void putFloats(float[] values, int offset, int length) throws IOException {
      while (length > 0) {
        room(Float.BYTES);
        int n = Math.min(length, buffer.remaining() / Float.BYTES);
        buffer.asFloatBuffer().put(values, offset, n);
        buffer.position(buffer.position() + n * Float.BYTES);
        offset += n;
        length -= n;
      }
    }

    void putBytes(byte[] values, int offset, int length) throws IOException {
      while (length > 0) {
        room(1);
        int n = Math.min(length, buffer.remaining());
        buffer.put(values, offset, n);
        offset += n;
        length -= n;
      }
    }

    void putString(String s) throws IOException {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      putInt(bytes.length);
      putBytes(bytes, 0, bytes.length);
    }

    void finish() throws IOException {
      flush();
      buffer.putLong(crc.getValue());
      buffer.putLong(MAGIC);
      buffer.flip();
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }

  /** Buffered reads of the bytes before the trailer, with a running CRC32C of every byte read. */
  private static final class Input {
    private final FileChannel channel;
    private final long end;
    private final Path image;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long read;

    Input(FileChannel channel, long end, Path image) {
      this.channel = channel;
      this.end = Math.max(0, end);
      this.image = image;
      buffer.limit(0);
    }

    /** Makes at least {@code bytes} (at most {@link #BUFFER}) available, or fails when the data ends first. */
    private void need(int bytes) throws IOException {
      if (buffer.remaining() >= bytes) {
        return;
      }
      buffer.compact();
      int start = buffer.position();
      while (buffer.hasRemaining() && read < end) {
        int want = (int) Math.min(buffer.remaining(), end - read);
        ByteBuffer slice = buffer.duplicate();
        slice.limit(slice.position() + want);
        int n = channel.read(slice, read);
        if (n < 0) {
          break;
        }
        buffer.position(buffer.position() + n);
        read += n;
      }
      ByteBuffer fresh = buffer.duplicate();
      fresh.flip();
      fresh.position(start);
      crc.update(fresh);
      buffer.flip();
      if (buffer.remaining() < bytes) {
        throw unusable(image, "it ends early, at byte " + read);
      }
    }

    int getByte() throws IOException {
      need(1);
      return buffer.get() & 0xFF;
    }

    int getInt() throws IOException {
      need(Integer.BYTES);
      return buffer.getInt();
    }

    long getLong() throws IOException {
      need(Long.BYTES);
      return buffer.getLong();
    }

    /** A length that the rest of the data can hold. */
    int getLength() throws IOException {
      int length = getInt();
      if (length < 0 || length > end - read + buffer.remaining()) {
        throw unusable(image, "a length of " + length + " runs past its end");
      }
      return length;
    }

    String getString() throws IOException {
      byte[] bytes = new byte[getLength()];
      getBytes(bytes, 0, bytes.length);
      return new String(bytes, StandardCharsets.UTF_8);
    }

    void getFloats(float[] into) throws IOException {
      int offset = 0;
      while (offset < into.length) {
        need(Float.BYTES);
        int n = Math.min(into.length - offset, buffer.remaining() / Float.BYTES);
        buffer.asFloatBuffer().get(into, offset, n);
        buffer.position(buffer.position() + n * Float.BYTES);
        offset += n;
      }
    }

    void getBytes(byte[] into, int offset, int length) throws IOException {
      while (length > 0) {
        need(1);
        int n = Math.min(length, buffer.remaining());
        buffer.get(into, offset, n);
        offset += n;
        length -= n;
      }
    }

    /** Checks that every byte before the trailer was read, and the trailer against the running CRC32C. */
    void checkEnd() throws IOException {
      if (buffer.hasRemaining() || read != end) {
        throw unusable(image, (end - read + buffer.remaining()) + " bytes follow its last item");
      }
      ByteBuffer trailer = ByteBuffer.allocate(TRAILER).order(ByteOrder.LITTLE_ENDIAN);
      while (trailer.hasRemaining()) {
        if (channel.read(trailer, end + trailer.position()) < 0) {
          throw unusable(image, "its trailer is missing");
        }
      }
      trailer.flip();
      long stored = trailer.getLong();
      if (trailer.getLong() != MAGIC || stored != crc.getValue()) {
        throw unusable(image, String.format(Locale.ROOT, "its checksum is %08x; its content gives %08x", stored,
            crc.getValue()));
      }
    }
  }
}
