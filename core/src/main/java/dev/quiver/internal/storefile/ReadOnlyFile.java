package dev.quiver.internal.storefile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file opened with {@link StandardOpenOption#READ} alone: never for writing, never created. Its size is
 * taken once, at open, as SQLite's recovery takes it once; reads never go past that size.
 *
 * <p>Closing any descriptor on a file drops every POSIX lock this process holds on that file (see
 * {@link StoreFileHeader}). Open one only on a file that no connection in this JVM holds.
 */
final class ReadOnlyFile implements AutoCloseable {
  private final Path path;
  private final FileChannel channel;
  private final long size;

  private ReadOnlyFile(Path path, FileChannel channel, long size) {
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  /** @throws java.nio.file.NoSuchFileException if {@code path} does not exist; nothing is created */
  static ReadOnlyFile open(Path path) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
    try {
      return new ReadOnlyFile(path, channel, channel.size());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  Path path() {
    return path;
  }

  /** The size in bytes when the file was opened. */
  long size() {
    return size;
  }

  /**
   * Fills {@code into[0..length)} from {@code position}.
   *
   * @return false, with {@code into} partly filled, when the file (as sized at open) ends first: SQLite's
   *     short read
   */
  boolean readFully(long position, byte[] into, int length) throws IOException {
    if (position < 0 || length < 0 || length > into.length) {
      throw new IllegalArgumentException("position=" + position + " length=" + length + " buffer="
          + into.length + " file=" + path);
    }
    long available = Math.max(0, size - position);
    int wanted = (int) Math.min(length, available);
    ByteBuffer buffer = ByteBuffer.wrap(into, 0, wanted);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        return false; // shrank since open
      }
    }
    return wanted == length;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
