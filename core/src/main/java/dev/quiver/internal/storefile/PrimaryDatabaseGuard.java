package dev.quiver.internal.storefile;

import dev.quiver.ErrorCode;
import dev.quiver.QuiverException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Refuses a store path that is, or may be, the chat server's primary database, one of its SQLite sidecars,
 * or a path whose companions (journal, owner lock, rebuild file, ...) would land on the primary. Paths are
 * compared where the operating system resolves them ({@link CanonicalPath}), so a primary that does not
 * exist yet is protected too. Uses only {@code stat}, {@code lstat}, {@code readlink}: it must not open a
 * descriptor on a file that another connection in this process may hold locks on.
 */
public final class PrimaryDatabaseGuard {
  private PrimaryDatabaseGuard() {}

  /**
   * @param store the store file path as given
   * @param primary the primary database as configured, or {@code null}
   * @throws QuiverException {@link ErrorCode#PRIMARY_DATABASE} when they are the same file (or will be), the
   *     store is at a sidecar name of the primary, or the primary is at one of the store's companion paths;
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
    checkNotSidecarOfPrimary(store, primary, s, p);
    checkPrimaryNotAtCompanion(store, primary, p);
  }

  /**
   * The store is none of the primary's SQLite sidecars. SQLite names them after the database path it was
   * given, which may be a link: so both where the primary leads and where its own entry is count, and so do
   * the store's entry and where it leads (a link named {@code chat.db-wal} is a WAL to the chat server).
   */
  private static void checkNotSidecarOfPrimary(Path store, Path primary, Path s, Path p) throws IOException {
    Set<Path> storeForms = new LinkedHashSet<>(List.of(s, CanonicalPath.entry(store)));
    for (Path base : new LinkedHashSet<>(List.of(p, CanonicalPath.entry(primary)))) {
      String baseName = base.getFileName().toString();
      for (Path form : storeForms) {
        String name = form.getFileName() == null ? "" : form.getFileName().toString();
        String suffix = null;
        if (Objects.equals(form.getParent(), base.getParent()) && name.startsWith(baseName)) {
          String rest = name.substring(baseName.length());
          if (SidecarNames.SQLITE_SUFFIXES.contains(rest)) {
            suffix = rest;
          } else if (rest.startsWith(SidecarNames.SUPER_JOURNAL_INFIX)) {
            suffix = SidecarNames.SUPER_JOURNAL_INFIX;
          }
        }
        if (suffix != null) {
          throw new QuiverException(ErrorCode.PRIMARY_DATABASE, store, "refusing " + store + ": it is "
              + (form.equals(store.toAbsolutePath().normalize()) ? "" : form + ", ") + "the '" + suffix
              + "' sidecar name of the primary database " + primary + ", where SQLite keeps "
              + "its " + SidecarNames.describe(suffix)
              + "; the chat server's SQLite would take the store for its own. Give Quiver a path of its own "
              + "beside it, for example " + suggestion(primary));
        }
      }
    }
  }

  /**
   * The primary is at none of the paths Quiver writes beside the store (its journal, owner lock, rebuild
   * file, keyword index, quarantine): creating the store clears stale sidecars, and the owner lock writes.
   */
  private static void checkPrimaryNotAtCompanion(Path store, Path primary, Path p) throws IOException {
    boolean primaryExists = Files.exists(p);
    for (Path base : new LinkedHashSet<>(List.of(CanonicalPath.entry(store), CanonicalPath.of(store)))) {
      for (String suffix : SidecarNames.STORE_COMPANIONS) {
        Path companion = base.resolveSibling(base.getFileName() + suffix);
        Path leadsTo = CanonicalPath.of(companion);
        if (leadsTo.equals(p) || primaryExists && Files.exists(leadsTo) && Files.isSameFile(leadsTo, p)) {
          String stem = String.valueOf(SidecarNames.suggestion(store.toAbsolutePath()).getFileName())
              .replaceFirst("\\.quiver$", "");
          throw new QuiverException(ErrorCode.PRIMARY_DATABASE, store, "refusing " + store
              + ": the primary database " + primary + (companion.equals(primary.toAbsolutePath().normalize())
                  ? "" : " (reached as " + companion + ")") + " is at the '" + suffix + "' path Quiver keeps "
              + "beside this store, and writes or deletes. Name the store so that none of its companions is the "
              + "primary, for example " + store.toAbsolutePath().resolveSibling(stem + "-vectors.quiver"));
        }
      }
    }
  }

  private static Path suggestion(Path primary) {
    return SidecarNames.suggestion(primary);
  }
}
