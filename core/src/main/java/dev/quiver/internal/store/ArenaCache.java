package dev.quiver.internal.store;

import dev.quiver.internal.memory.Arena;
import dev.quiver.internal.memory.ArenaImage;
import dev.quiver.internal.memory.ItemRecord;
import dev.quiver.internal.memory.Snapshot;
import dev.quiver.internal.storefile.SidecarNames;
import dev.quiver.internal.storefile.StoreFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The arena image beside a store file ({@code X-arena}), used as a cache of the load: a large store written
 * and closed opens from it in a few sequential reads instead of one SQLite step per row. The store file stays
 * the record of truth. An image is used only when it is whole (its CRC32C), of this file ({@code store.id}),
 * the one the file last recorded (a random token committed to the file before the image is renamed into
 * place, so a restored or diverged copy of the file disowns it), not ahead of the file, agrees with the file's history (the count and sum of the change sequences of the rows
 * not changed since it, from the seq index), and not so stale that reading the rows is cheaper; the changes
 * after it are then replayed from the file, each row checked against its checksum. Any other image is ignored
 * and replaced at the next close.
 *
 * <p>Rows not changed since the image are not read on such an open, so damage inside one of them shows on a
 * plain open or {@link StoreFile#check()}, not here: the image holds the values those rows had when they were
 * read, checked, or written.
 */
final class ArenaCache {
  /** Live items from which a store keeps an image: below it, reading the rows takes well under a second. */
  static final int DEFAULT_MIN_ITEMS = 50_000;
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
  private static final System.Logger LOG = System.getLogger(ArenaCache.class.getName());

  private ArenaCache() {}

  static Path image(Path store) {
    return store.resolveSibling(store.getFileName() + SidecarNames.ARENA_IMAGE);
  }

  static Path temporary(Path store) {
    return store.resolveSibling(store.getFileName() + SidecarNames.ARENA_IMAGE_TEMP);
  }

  /** An arena restored from the image at change {@code imageSequence}, brought up to the file's sequence. */
  record Restored(Arena arena, long imageSequence) {}

  /**
   * The image beside {@code store} being read on a daemon thread while the store file opens (its
   * {@code quick_check} reads every page on the other core). Started under the owner lock, after the guards
   * that need none: the image is only read here, and used only once the file has opened.
   */
  static final class Pending {
    private final Path image;
    private final java.util.concurrent.FutureTask<ArenaImage.@Nullable Loaded> task;
    private final Thread thread;

    private Pending(Path store) {
      this.image = image(store);
      deleteIfOurs(temporary(store)); // a write cut short: never read
      this.task = new java.util.concurrent.FutureTask<>(() ->
          Files.isRegularFile(image, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? ArenaImage.read(image, 0) : null);
      this.thread = new Thread(task, "quiver-image " + store.getFileName());
      thread.setDaemon(true);
      thread.start();
    }

    /** The image as read, or null when there is none or it could not be read (logged). */
    ArenaImage.@Nullable Loaded get() {
      try {
        return task.get();
      } catch (InterruptedException e) {
        thread.interrupt();
        Thread.currentThread().interrupt();
        return null;
      } catch (java.util.concurrent.ExecutionException e) {
        Throwable cause = e.getCause();
        ignore(image, cause instanceof OutOfMemoryError
            ? "it does not fit in the heap beside the load that replaces it" : String.valueOf(cause.getMessage()));
        return null;
      }
    }

    /** Stops the read when the open failed: its arena is never used. */
    void cancel() {
      task.cancel(true);
    }
  }

  /** Starts reading the image beside {@code store}; the caller holds its owner lock. */
  static Pending start(Path store) {
    return new Pending(store);
  }

  /** The arena of {@code file} from its image, with the changes since replayed; null when no image is usable. */
  static @Nullable Restored load(StoreFile file) {
    return load(file, start(file.file()));
  }

  /** As {@link #load(StoreFile)}, from an image already being read. */
  static @Nullable Restored load(StoreFile file, Pending pending) {
    Path image = image(file.file());
    ArenaImage.Loaded loaded = pending.get();
    if (loaded == null) {
      return null;
    }
    if (loaded.dimensions() != file.dimensions()) {
      return ignore(image, "it holds " + loaded.dimensions() + "-dimensional vectors; the file "
          + file.dimensions());
    }
    if (!loaded.storeId().equals(file.storeId())) {
      return ignore(image, "it belongs to store " + loaded.storeId() + ", not to " + file.storeId());
    }
    if (!loaded.token().equals(file.imageToken())) {
      return ignore(image, "the file records another image (restored from a copy, or a write cut short)");
    }
    if (loaded.sequence() > file.sequence()) {
      return ignore(image, "it is at change " + loaded.sequence() + ", past the file's " + file.sequence());
    }
    List<String> changed = file.idsChangedAfter(loaded.sequence());
    if (changed.size() > Math.max(10_000, loaded.items() / 2)) {
      return ignore(image, changed.size() + " items changed since it: reading the rows is cheaper");
    }
    Arena arena = loaded.arena();
    long unchanged = loaded.items();
    long seqSum = loaded.seqSum();
    Set<String> seen = new HashSet<>();
    for (String id : changed) {
      Optional<ItemRecord> before = arena.get(id);
      if (seen.add(id) && before.isPresent()) {
        unchanged--;
        seqSum -= before.get().seq();
      }
    }
    long[] rows = file.itemsUpTo(loaded.sequence());
    if (rows[0] != unchanged || rows[1] != seqSum) {
      return ignore(image, String.format(java.util.Locale.ROOT, "the file holds %d rows summing to %d unchanged "
          + "since change %d; the image has %d summing to %d", rows[0], rows[1], loaded.sequence(), unchanged,
          seqSum));
    }
    Arena.Batch batch = arena.begin();
    file.forEachChangeAfter(loaded.sequence(), row -> batch.upsert(row.item(), row.vector(), row.seq()),
        batch::delete);
    batch.publish(file.sequence());
    return new Restored(arena, loaded.sequence());
  }

  private static @Nullable Restored ignore(Path image, String why) {
    LOG.log(System.Logger.Level.WARNING, "ignoring arena image {0}, loading from the store file instead: {1}",
        image, why);
    return null;
  }

  /**
   * Writes the image of {@code s} beside {@code file} when it holds at least {@code minItems} live items, or
   * removes a stale one when it holds fewer. A failure (a full disk) is logged: the store needs no image.
   */
  static void save(StoreFile file, Snapshot s, int minItems) {
    Path image = image(file.file());
    Path temporary = temporary(file.file());
    try {
      if (!ArenaImage.replaceable(image) || !ArenaImage.replaceable(temporary)) {
        LOG.log(System.Logger.Level.WARNING, "{0} or {1} is not an arena image Quiver wrote (another program''s "
            + "file, or an image whose first bytes were damaged); it is left as it is and no image is kept, so opens "
            + "read the store file. Delete it if it is not yours to keep", image, temporary);
        return;
      }
      if (s.live() < minItems) {
        Files.deleteIfExists(image);
        return;
      }
      String token = java.util.HexFormat.of().formatHex(randomBytes());
      ArenaImage.write(s, file.storeId(), token, temporary);
      file.putImageToken(token); // before the rename: a crash in between leaves an image the file disowns
      ArenaImage.install(temporary, image);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "could not write arena image {0}; the next open reads the store "
          + "file: {1}", image, e.toString());
      deleteIfOurs(temporary);
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** Deletes {@code p} if it is an image Quiver wrote ({@link ArenaImage#replaceable}); anyone else's stays. */
  static void deleteIfOurs(Path p) {
    try {
      if (ArenaImage.replaceable(p)) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "could not delete {0}: {1}", p, e.getMessage());
    }
  }
}
