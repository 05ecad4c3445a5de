package dev.quiver.internal.storefile;

import dev.quiver.ErrorCode;
import dev.quiver.QuiverException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses a store path that is, or may be, the chat server's primary database. Uses only {@code stat}: it
 * must not open a descriptor on a file that another connection in this process may hold locks on.
 */
public final class PrimaryDatabaseGuard {
  private PrimaryDatabaseGuard() {}

  /**
   * @param store the store file path as given
   * @param primary the primary database as configured, or {@code null}
   * @throws QuiverException {@link ErrorCode#PRIMARY_DATABASE} when they are the same file, and
   *     {@link ErrorCode#FOREIGN} when the store file has another hard link (it could be any database)
   */
  public static void check(Path store, Path primary) {
    try {
      if (primary != null) {
        checkNotPrimary(store, primary);
      }
      if (Files.isRegularFile(store)) {
        Object links = Files.getAttribute(store, "unix:nlink");
        if (links instanceof Integer n && n > 1) {
          throw new QuiverException(ErrorCode.FOREIGN, store, "refusing " + store + ": the file has " + n
              + " hard links; expected 1. A hard-linked store could be another program's database under a"
              + " second name");
        }
      }
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      // no unix attribute view (Windows): the isSameFile check above still ran
    } catch (IOException e) {
      throw new QuiverException(ErrorCode.IO, store, "cannot compare " + store + " with the primary database "
          + primary + ": " + e, e);
    }
  }

  /**
   * Compares where both paths lead ({@link CanonicalPath}), so that a primary that does not exist yet is
   * protected too: through a dangling symlink, or {@code ..} after a symlinked directory.
   */
  private static void checkNotPrimary(Path store, Path primary) throws IOException {
    Path s = CanonicalPath.of(store);
    Path p = CanonicalPath.of(primary);
    if (s.equals(p)) {
      boolean exists = Files.exists(s);
      String how = s.equals(store.toAbsolutePath().normalize()) ? "" : " through a link";
      throw new QuiverException(ErrorCode.PRIMARY_DATABASE, store, "refusing " + store + ": it is "
          + (exists ? "the primary database " + primary + " (same file" + how + ")"
              : "the path of the primary database " + primary + ", which does not exist yet (both lead to " + s
                  + ")")
          + ". Give Quiver a path of its own beside it, for example " + suggestion(primary));
    }
    if (Files.exists(s) && Files.exists(p) && Files.isSameFile(s, p)) {
      throw new QuiverException(ErrorCode.PRIMARY_DATABASE, store, "refusing " + store
          + ": it is the primary database " + primary + " (same file under another name: a hard link)."
          + " Give Quiver a path of its own beside it, for example " + suggestion(primary));
    }
  }

  private static Path suggestion(Path primary) {
    String name = primary.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return primary.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".quiver");
  }
}
