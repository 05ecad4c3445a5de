package dev.quiver.internal.storefile;

import dev.quiver.ErrorCode;
import dev.quiver.QuiverException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The single-writer guard: an exclusive lock on a sidecar {@code <store>-owner} file, held for the
 * store's lifetime, plus a JVM-wide registry (file locks are per process, so a second open in the same JVM
 * must be refused separately). Not {@code <store>.lock}: SQLite's dot-file VFS uses that name.
 *
 * <p>The owner file is left in place on close, truncated: deleting a lock file races with a process that
 * has just opened it. The kernel releases the lock when the owning process dies, even by {@code kill -9}.
 */
public final class OwnerLock implements AutoCloseable {
  /**
   * The stores this JVM owns, by {@link CanonicalPath}, with their locks: a refused second open takes the
   * owner text from the held lock, never from the file. Opening and closing another descriptor on the owner
   * file would drop this process's POSIX lock on it, and another process could then take the store. The
   * lock is null while {@link #acquire} is still taking it.
   */
  private static final ConcurrentHashMap<Path, Holder> HELD_IN_THIS_JVM = new ConcurrentHashMap<>();

  /**
   * Probing channels that must never be closed: the owner file they are open on is locked through another
   * channel of this JVM, and closing them would release that lock (see {@link StoreFileHeader}).
   */
  private static final List<FileChannel> PARKED = new ArrayList<>();

  private static final int MAX_OWNER_TEXT = 4096;

  private final Path key;
  private final Path ownerFile;
  private final FileChannel channel;
  private final FileLock lock;
  private final boolean created;
  private final String text;

  private OwnerLock(Path key, Path ownerFile, FileChannel channel, FileLock lock, boolean created, String text) {
    this.key = key;
    this.text = text;
    this.ownerFile = ownerFile;
    this.channel = channel;
    this.lock = lock;
    this.created = created;
  }

  /** A registry entry: the lock once it is held. */
  private static final class Holder {
    volatile OwnerLock lock;
  }

  /** The owner file of a store file. */
  public static Path ownerFile(Path store) {
    return store.resolveSibling(store.getFileName() + "-owner");
  }

  /** Refuses early when this JVM already owns {@code store}, without opening any file. */
  public static void checkNotHeldInThisJvm(Path store) {
    Holder holder = HELD_IN_THIS_JVM.get(key(store));
    if (holder != null) {
      throw alreadyOpen(store, holder);
    }
  }

  /**
   * Takes ownership of {@code store}.
   *
   * @throws QuiverException {@link ErrorCode#LOCKED} naming the owner's pid and host
   */
  public static OwnerLock acquire(Path store) {
    Path key = key(store);
    Holder holder = new Holder();
    Holder existing = HELD_IN_THIS_JVM.putIfAbsent(key, holder);
    if (existing != null) {
      throw alreadyOpen(store, existing);
    }
    Path ownerFile = ownerFile(store);
    boolean created = !Files.exists(ownerFile);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(ownerFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        // this JVM holds the file under another name (a path the registry keys differently): closing this
        // channel would release that lock, so it is parked, and not even read (an interrupted read closes it)
        park(channel);
        channel = null;
        throw new QuiverException(ErrorCode.LOCKED, store, "store " + store + " is already open in this "
            + "process through another path to " + ownerFile + " (pid=" + ProcessHandle.current().pid()
            + " host=" + hostName() + "); share that instance instead of opening it twice");
      }
      if (lock == null) {
        // another process holds the lock, so this process holds none on the file and may close the channel;
        // the owner's text is read through it first rather than through a second descriptor
        String owner;
        try {
          owner = readOwnerText(channel);
        } catch (IOException unreadable) {
          owner = "owner unknown: " + unreadable;
        }
        channel.close();
        throw new QuiverException(ErrorCode.LOCKED, store, "store " + store + " is owned by another process ("
            + owner + "); Quiver allows one writer per store");
      }
      String text = "pid=" + ProcessHandle.current().pid() + " host=" + hostName() + " since=" + Instant.now()
          + "\n";
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      OwnerLock owner = new OwnerLock(key, ownerFile, channel, lock, created, text.trim());
      holder.lock = owner;
      return owner;
    } catch (IOException e) {
      HELD_IN_THIS_JVM.remove(key, holder);
      closeQuietly(channel);
      if (created) {
        deleteQuietly(ownerFile);
      }
      throw new QuiverException(ErrorCode.IO, store, "cannot take the owner lock " + ownerFile + ": " + e, e);
    } catch (RuntimeException e) {
      HELD_IN_THIS_JVM.remove(key, holder);
      throw e;
    }
  }

  private static QuiverException alreadyOpen(Path store, Holder holder) {
    OwnerLock held = holder.lock;
    String owner;
    if (held == null) {
      owner = "being opened by another thread, pid=" + ProcessHandle.current().pid() + " host=" + hostName();
    } else {
      owner = held.ownerText();
    }
    return new QuiverException(ErrorCode.LOCKED, store, "store " + store + " is already open in this process ("
        + owner + "); share that instance instead of opening it twice");
  }

  /**
   * What this lock wrote into its owner file. Kept in memory rather than read back through {@link #channel}:
   * a {@link FileChannel} is interruptible, and a refused thread interrupted mid-read would close the
   * owner's channel and so release its lock.
   */
  private String ownerText() {
    return text;
  }

  /**
   * Releases ownership and, when this lock created the owner file, removes it: used when an open is refused
   * after taking the lock, so a refusal leaves the directory as it was. The file is removed while still
   * locked and registered, so no other open in this JVM can take the lock on a file about to vanish.
   * Idempotent, and harmless after {@link #close()}.
   */
  public void releaseAndDelete() {
    if (created) {
      deleteQuietly(ownerFile);
    }
    close();
  }

  @Override
  public void close() {
    try {
      if (channel.isOpen()) {
        channel.truncate(0);
        lock.release();
        channel.close();
      }
    } catch (IOException e) {
      closeQuietly(channel);
    } finally {
      HELD_IN_THIS_JVM.computeIfPresent(key, (k, holder) -> holder.lock == this ? null : holder);
    }
  }

  private static Path key(Path store) {
    try {
      // the same file through a symlink, a symlinked directory or ".." is the same store
      return CanonicalPath.of(store);
    } catch (IOException e) {
      return store.toAbsolutePath().normalize();
    }
  }

  /** The owner file's text, by positional reads on {@code channel}: no other descriptor is opened. */
  private static String readOwnerText(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_OWNER_TEXT);
    while (buffer.hasRemaining() && channel.read(buffer, buffer.position()) > 0) {
      // read until full or end of file
    }
    String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).trim();
    return text.isEmpty() ? "owner unknown: the owner file is empty" : text;
  }

  private static void park(FileChannel channel) {
    synchronized (PARKED) {
      PARKED.add(channel);
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException ignored) {
      // already failing
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // best effort: an empty owner file is harmless
    }
  }
}
