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
 * Moves a damaged store file together with its journal into {@code <store>-quarantine/<timestamp>/}, as one
 * set: a {@code -wal} left behind would be replayed into the next file of that name. Called only after the
 * file's SQLite connection is closed.
 */
public final class Quarantine {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

  private Quarantine() {}

  /** @return the directory the set was moved to */
  public static Path move(Path store) {
    Path target = store.resolveSibling(store.getFileName() + "-quarantine")
        .resolve(LocalDateTime.now().format(STAMP));
    try {
      Files.createDirectories(target);
      for (String suffix : new String[] {"", "-wal", "-journal", "-shm"}) {
        Path file = store.resolveSibling(store.getFileName() + suffix);
        if (Files.exists(file)) {
          Files.move(file, target.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
      }
      return target;
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.IO, store, "cannot quarantine damaged store " + store + " into "
          + target + ": " + e, e);
    }
  }
}
