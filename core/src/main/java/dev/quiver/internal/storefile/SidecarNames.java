package dev.quiver.internal.storefile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The files that live beside a database under names derived from its own, by SQLite and by Quiver, and the
 * rule they imply for store names.
 *
 * <p>SQLite finds a database's sidecars by name alone: {@code X-journal} (rollback journal), {@code X-wal}
 * (write-ahead log), {@code X-shm} (WAL index) and super-journals {@code X-mj} followed by random hex. A
 * store at one of those names beside the chat server's database {@code X} would be taken by the server's
 * SQLite for its own journal: replayed into its database as a hot journal, or deleted.
 */
public final class SidecarNames {
  /** SQLite's sidecars of a database {@code X}: {@code X} followed by one of these. */
  static final List<String> SQLITE_SUFFIXES = List.of("-journal", "-wal", "-shm");
  /** Super-journal names: {@code X-mj} followed by anything (SQLite appends random hex digits). */
  static final String SUPER_JOURNAL_INFIX = "-mj";
  /**
   * Paths Quiver creates, writes or deletes beside a store {@code X}: SQLite's sidecars of the store, the
   * owner lock ({@link OwnerLock}), the rebuild's fresh store and its own sidecars and owner lock, the
   * keyword index, the quarantine directory ({@code dev.quiver.Quiver}, {@link Quarantine}) and the endpoint
   * file of a server that answers for the owning process ({@code dev.quiver.server.QuiverServer}), and the
   * arena image of the store and of the rebuild's store, with their temporary files.
   */
  static final List<String> STORE_COMPANIONS = List.of("-wal", "-journal", "-shm", "-owner", "-rebuild",
      "-rebuild-wal", "-rebuild-journal", "-rebuild-shm", "-rebuild-owner", "-keyword", "-quarantine",
      "-endpoint", "-arena", "-arena-tmp", "-rebuild-arena", "-rebuild-arena-tmp");
  /** The arena image beside a store {@code X}: {@code X-arena}, a cache an open may read instead of the rows. */
  public static final String ARENA_IMAGE = "-arena";
  /** Where the arena image is written before it is renamed over {@link #ARENA_IMAGE}. */
  public static final String ARENA_IMAGE_TEMP = "-arena-tmp";

  private SidecarNames() {}

  /**
   * Refuses a store whose name, as given or where it leads, ends like an SQLite sidecar.
   *
   * @throws IllegalArgumentException naming the suffix and suggesting another name
   */
  public static void checkStoreName(Path store) {
    Path name = store.getFileName();
    String reason = sidecarReason(name == null ? "" : name.toString());
    Path leadsTo = null;
    if (reason == null) {
      try {
        leadsTo = CanonicalPath.of(store);
      } catch (IOException e) {
        return; // a path that leads nowhere fails later, with SQLite's own message
      }
      Path target = leadsTo.getFileName();
      reason = sidecarReason(target == null ? "" : target.toString());
      if (reason == null) {
        return;
      }
    }
    Path named = leadsTo == null ? store : leadsTo;
    Path base = named.resolveSibling(stripSidecarSuffix(String.valueOf(named.getFileName())));
    throw new IllegalArgumentException("store file " + store + (leadsTo == null ? "" : " leads to " + leadsTo
        + ", which") + " ends in " + reason + "; the SQLite of any program opening the database beside it "
        + "would take the store for its own sidecar. Choose a name of its own, for example " + suggestion(base));
  }

  /** What the sidecar of that name is to SQLite, or null when {@code name} is no sidecar name. */
  private static String sidecarReason(String name) {
    for (String suffix : SQLITE_SUFFIXES) {
      if (name.endsWith(suffix)) {
        return "'" + suffix + "', the name SQLite gives a database's " + describe(suffix);
      }
    }
    return null;
  }

  /** What SQLite keeps in the sidecar with this suffix. */
  static String describe(String suffix) {
    switch (suffix) {
      case "-journal":
        return "rollback journal";
      case "-wal":
        return "write-ahead log";
      case "-shm":
        return "write-ahead-log index (shared memory)";
      default:
        return "super-journal";
    }
  }

  private static String stripSidecarSuffix(String name) {
    for (String suffix : SQLITE_SUFFIXES) {
      if (name.endsWith(suffix)) {
        return name.length() > suffix.length() ? name.substring(0, name.length() - suffix.length()) : "store";
      }
    }
    return name;
  }

  /** {@code chat.db} gives {@code chat.quiver}: a name beside {@code base} that is no sidecar of anything. */
  static Path suggestion(Path base) {
    String name = base.getFileName() == null ? "store" : base.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return base.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".quiver");
  }
}
