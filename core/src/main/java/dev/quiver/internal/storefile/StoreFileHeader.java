package dev.quiver.internal.storefile;

import dev.quiver.ErrorCode;
import dev.quiver.QuiverException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the first 100 bytes of a would-be store file, before any SQLite connection opens it, and decides
 * whether Quiver may touch it. See the SQLite file format: the magic string at offset 0,
 * {@code user_version} at 60, {@code application_id} at 68, both big-endian.
 */
public final class StoreFileHeader {
  /** "QVER": Quiver's {@code PRAGMA application_id}. */
  public static final int APPLICATION_ID = 0x51564552;
  static final int HEADER_BYTES = 100;
  private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
  private static final int APPLICATION_ID_OFFSET = 68;

  /**
   * Descriptors of refused files, deliberately never closed. A refused file may be a database that another
   * connection in this JVM holds open, and closing any descriptor on a file drops every POSIX lock this
   * process holds on it (SQLite's "How To Corrupt" section 2.2). One leaked descriptor per refusal is cheap.
   */
  private static final List<FileChannel> PARKED = new ArrayList<>();

  /** What a path holds. */
  public enum Kind {
    /** No file, or an empty one: Quiver creates its schema there. */
    NEW,
    /** A file stamped with Quiver's application id. */
    QUIVER
  }

  private StoreFileHeader() {}

  /**
   * Classifies {@code file}.
   *
   * @return {@link Kind#NEW} or {@link Kind#QUIVER}; the user version is checked by the caller after open
   * @throws QuiverException {@link ErrorCode#FOREIGN} for any file that is not Quiver's
   */
  public static Kind inspect(Path file) {
    if (!Files.exists(file)) {
      return Kind.NEW;
    }
    if (!Files.isRegularFile(file)) {
      throw new QuiverException(ErrorCode.FOREIGN, file, "store file " + file + " is not a regular file");
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
      long size = channel.size();
      if (size == 0) {
        channel.close();
        return Kind.NEW;
      }
      ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
      while (header.hasRemaining() && channel.read(header) >= 0) {
        // read until full or end of file
      }
      header.flip();
      String refusal = refusal(file, header, size);
      if (refusal == null) {
        channel.close();
        return Kind.QUIVER;
      }
      park(channel);
      channel = null;
      throw new QuiverException(ErrorCode.FOREIGN, file, refusal);
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.IO, file, "cannot read the header of store file " + file + ": " + e, e);
    } finally {
      if (channel != null && channel.isOpen()) {
        park(channel);
      }
    }
  }

  private static String refusal(Path file, ByteBuffer header, long size) {
    if (header.remaining() < HEADER_BYTES) {
      return String.format(Locale.ROOT, "refusing %s: %d bytes is too short for an SQLite database; "
          + "Quiver only opens its own files", file, size);
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (header.get(i) != MAGIC[i]) {
        return "refusing " + file + ": it is not an SQLite database (no 'SQLite format 3' header); "
            + "Quiver only opens its own files";
      }
    }
    int applicationId = header.getInt(APPLICATION_ID_OFFSET);
    if (applicationId == APPLICATION_ID) {
      return null;
    }
    String owner = applicationId == 0 ? "application_id 0 (not set)"
        : String.format(Locale.ROOT, "application_id 0x%08x (another application's)", applicationId);
    return String.format(Locale.ROOT,
        "refusing %s: it is an SQLite database with %s and tables %s; expected application_id 0x%08x. "
            + "Quiver keeps vectors in a file of its own and never writes to another database",
        file, owner, ForeignTables.list(file), APPLICATION_ID);
  }

  private static void park(FileChannel channel) {
    synchronized (PARKED) {
      PARKED.add(channel);
    }
  }
}
