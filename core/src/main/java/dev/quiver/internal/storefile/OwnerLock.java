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
import java.util.Set;
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
  private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;
  private final boolean created;

  private OwnerLock(Path key, FileChannel channel, FileLock lock, boolean created) {
    this.key = key;
    this.channel = channel;
    this.lock = lock;
    this.created = created;
  }

  /** The owner file of a store file. */
  public static Path ownerFile(Path store) {
    return store.resolveSibling(store.getFileName() + "-owner");
  }

  /** Refuses early when this JVM already owns {@code store}, without touching any file. */
  public static void checkNotHeldInThisJvm(Path store) {
    if (HELD_IN_THIS_JVM.contains(key(store))) {
      throw new QuiverException(ErrorCode.LOCKED, store, "store " + store + " is already open in this process ("
          + describeOwner(ownerFile(store)) + "); share that instance instead of opening it twice");
    }
  }

  /**
   * Takes ownership of {@code store}.
   *
   * @throws QuiverException {@link ErrorCode#LOCKED} naming the owner's pid and host
   */
  public static OwnerLock acquire(Path store) {
    Path key = key(store);
    if (!HELD_IN_THIS_JVM.add(key)) {
      throw new QuiverException(ErrorCode.LOCKED, store, "store " + store + " is already open in this process ("
          + describeOwner(ownerFile(store)) + "); share that instance instead of opening it twice");
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
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new QuiverException(ErrorCode.LOCKED, store, "store " + store + " is owned by another process ("
            + describeOwner(ownerFile) + "); Quiver allows one writer per store");
      }
      String owner = "pid=" + ProcessHandle.current().pid() + " host=" + hostName() + " since=" + Instant.now()
          + "\n";
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new OwnerLock(key, channel, lock, created);
    } catch (IOException e) {
      HELD_IN_THIS_JVM.remove(key);
      closeQuietly(channel);
      if (created) {
        deleteQuietly(ownerFile);
      }
      throw new QuiverException(ErrorCode.IO, store, "cannot take the owner lock " + ownerFile + ": " + e, e);
    } catch (RuntimeException e) {
      HELD_IN_THIS_JVM.remove(key);
      throw e;
    }
  }

  /**
   * Releases ownership and, when this lock created the owner file, removes it: used when a store is refused
   * right after taking the lock, so nothing is left beside a file Quiver would not open.
   */
  public void releaseAndDelete() {
    close();
    if (created) {
      deleteQuietly(ownerFile(key));
    }
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
      HELD_IN_THIS_JVM.remove(key);
    }
  }

  private static Path key(Path store) {
    Path absolute = store.toAbsolutePath().normalize();
    try {
      // the same file through a symlinked directory is the same store
      return absolute.getParent().toRealPath().resolve(absolute.getFileName());
    } catch (IOException e) {
      return absolute;
    }
  }

  private static String describeOwner(Path ownerFile) {
    try {
      String text = Files.readString(ownerFile, StandardCharsets.UTF_8).trim();
      return text.isEmpty() ? "owner unknown" : text;
    } catch (IOException e) {
      return "owner unknown";
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
