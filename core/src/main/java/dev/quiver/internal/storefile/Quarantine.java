package dev.quiver.internal.storefile;

import dev.quiver.ErrorCode;
import dev.quiver.QuiverException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Moves what Quiver cannot use into {@code <store>-quarantine/<timestamp>/}, never deleting it: a damaged
 * store file together with its journal, as one set (a {@code -wal} left behind would be replayed into the
 * next file of that name), or an unreadable keyword index. Called only when nothing has those files open.
 */
public final class Quarantine {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");
  private static final String[] STORE_SET = {"", "-wal", "-journal", "-shm"};

  private Quarantine() {}

  /** The directory holding every quarantined set of {@code store}. */
  public static Path directory(Path store) {
    return store.resolveSibling(store.getFileName() + "-quarantine");
  }

  /** Moves {@code store} and its journal files; returns the directory they were moved to. */
  public static Path move(Path store) {
    Path target = newSetDirectory(store);
    try {
      for (String suffix : STORE_SET) {
        Path file = store.resolveSibling(store.getFileName() + suffix);
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.move(file, target.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
      }
      return target;
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.IO, store, "cannot quarantine damaged store " + store + " into "
          + target + ": " + e, e);
    }
  }

  /** Moves one journal file that does not belong to {@code store}; returns where it now is. */
  public static Path moveJournal(Path store, Path journal) {
    Path target = newSetDirectory(store).resolve(journal.getFileName());
    try {
      Files.move(journal, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.IO, store, "cannot move journal " + journal + ", which does not "
          + "belong to " + store + ", into " + target + ": " + e, e);
    }
  }

  /** Moves the keyword index directory of {@code store}; returns where it now is. */
  public static Path moveKeywordIndex(Path store, Path directory) throws IOException {
    Path target = newSetDirectory(store).resolve(directory.getFileName());
    Files.move(directory, target, StandardCopyOption.ATOMIC_MOVE);
    return target;
  }

  private static Path newSetDirectory(Path store) {
    Path parent = directory(store);
    try {
      Files.createDirectories(parent);
      // one directory per set; a second set in the same millisecond gets a suffix
      Path target = parent.resolve(LocalDateTime.now().format(STAMP));
      for (int n = 2; Files.exists(target); n++) {
        target = parent.resolve(LocalDateTime.now().format(STAMP) + "-" + n);
      }
      return Files.createDirectory(target);
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.IO, store, "cannot create a quarantine directory under " + parent
          + ": " + e, e);
    }
  }
}
