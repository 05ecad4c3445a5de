package dev.quiver.internal.storefile;

import dev.quiver.ErrorCode;
import dev.quiver.QuiverException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses, before the owner lock and before any SQLite connection, a store this process could not write.
 *
 * <p>Handed a file it cannot write, SQLite opens it read-only without a word, then fails later, after
 * creating its {@code -wal} and {@code -shm} where it could: the error then speaks of a shared-memory file,
 * and the leftover {@code -shm} blocks every later open. {@link Files#isWritable} asks {@code access(2)},
 * which honours permission bits, read-only mounts and the immutable attribute (even for root), and opens
 * nothing.
 */
final class StoreFileAccess {
  private StoreFileAccess() {}

  /**
   * Refuses a store whose journal, WAL index or owner file exists and is not a regular file (where it
   * leads, for a symlink). SQLite opens {@code -journal} to look for a hot journal before any query, and
   * opening a FIFO for reading blocks until some process writes to it: the open would hang. A FIFO named
   * {@code -wal} would take the WAL's frames, a directory fails every write. None is the store's.
   *
   * @throws QuiverException {@link ErrorCode#FOREIGN} naming the companion; nothing has been opened
   */
  static void checkCompanionsAreFiles(Path store) {
    Path entry;
    Path target;
    try {
      entry = CanonicalPath.entry(store);
      target = CanonicalPath.of(store);
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.IO, store, "cannot resolve store file " + store + ": " + e, e);
    }
    Set<Path> companions = new LinkedHashSet<>();
    for (String suffix : new String[] {"-wal", "-journal", "-shm"}) {
      companions.add(target.resolveSibling(target.getFileName() + suffix));
    }
    companions.add(entry.resolveSibling(entry.getFileName() + "-owner"));
    for (Path companion : companions) {
      if (Files.exists(companion) && !Files.isRegularFile(companion)) {
        throw new QuiverException(ErrorCode.FOREIGN, store, "refusing store file " + store + ": its companion "
            + companion + " is " + (Files.isDirectory(companion) ? "a directory" : "not a regular file (a FIFO, "
            + "socket or device)") + ", which SQLite or Quiver would block on or fail to write. Nothing was "
            + "opened; move it away and open the store again");
      }
    }
  }

  /**
   * Checks the store file, its existing journals and owner file, and the directories SQLite and Quiver
   * create files in: beside the path as given (the owner file) and beside where it leads (SQLite's
   * journals, when the path is a symlink).
   *
   * @throws QuiverException {@link ErrorCode#IO} naming the path that cannot be written
   */
  static void checkWritable(Path store) {
    Path entry;
    Path target;
    try {
      entry = CanonicalPath.entry(store);
      target = CanonicalPath.of(store);
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.IO, store, "cannot resolve store file " + store + ": " + e, e);
    }
    boolean exists = Files.exists(target);
    if (exists) {
      requireWritable(store, target, "it");
    }
    Set<Path> files = new LinkedHashSet<>();
    for (String suffix : new String[] {"-wal", "-journal"}) {
      files.add(target.resolveSibling(target.getFileName() + suffix));
    }
    files.add(entry.resolveSibling(entry.getFileName() + "-owner"));
    for (Path file : files) {
      if (Files.exists(file)) {
        requireWritable(store, file, "its companion " + file);
      }
    }
    for (Path directory : new LinkedHashSet<>(List.of(entry.getParent(), target.getParent()))) {
      requireWritable(store, directory, (exists ? "" : "it does not exist yet, and ") + "its directory "
          + directory);
    }
  }

  private static void requireWritable(Path store, Path path, String what) {
    if (Files.isWritable(path)) {
      return;
    }
    throw new QuiverException(ErrorCode.IO, store, "refusing store file " + store + ": " + what
        + " is not writable by this process (user " + System.getProperty("user.name") + ")" + found(path)
        + ". Quiver writes the file and creates its journal and owner file beside it; check the owner, the "
        + "permissions, the mount and attributes such as immutable (lsattr) of " + path);
  }

  /** The path's permissions and owner, by {@code stat}, for the message; empty where unavailable. */
  private static String found(Path path) {
    try {
      return "; found " + PosixFilePermissions.toString(Files.getPosixFilePermissions(path)) + " owned by "
          + Files.getOwner(path).getName();
    } catch (IOException | UnsupportedOperationException e) {
      return "";
    }
  }
}
