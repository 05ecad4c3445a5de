package dev.quiver;

import dev.quiver.internal.storefile.Quarantine;
import dev.quiver.spi.KeywordIndex;
import dev.quiver.internal.storefile.ChangeBatch;
import dev.quiver.internal.store.VectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.stream.Stream;

/**
 * The keyword index of one store and its health: opens it, heals it, keeps it in step with the vector file.
 * The index is derived data, so anything wrong with it is mended from the vector file: an index that cannot
 * be opened is moved aside and rebuilt, one that missed changes catches up. Only a lock held elsewhere is
 * an error. Used under the store's write lock; {@link #state()} and {@link #reader()} are safe from any thread.
 */
final class KeywordSide implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(KeywordSide.class.getName());
  private static final int CATCH_UP_BATCH = 1_000;

  private final KeywordIndex.Factory factory;
  private final Path directory;
  private final Path store;
  private KeywordIndex index;
  private volatile KeywordSideState state;
  private volatile String problem;

  KeywordSide(KeywordIndex.Factory factory, Path store) {
    this.factory = factory;
    this.store = store;
    this.directory = store.resolveSibling(store.getFileName() + "-keyword");
    this.state = factory == null ? KeywordSideState.NONE : KeywordSideState.FAILED;
  }

  Path directory() {
    return directory;
  }

  KeywordSideState state() {
    return state;
  }

  /** Why the side is not {@link KeywordSideState#READY}, or null. */
  String problem() {
    return problem;
  }

  /** The open index, or null when none is configured or it could not be opened. */
  KeywordIndex index() {
    return index;
  }

  /** Whether the directory holds anything: then the store existed before, and its vector file must too. */
  boolean directoryHasContent() {
    if (factory == null || !Files.isDirectory(directory)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.anyMatch(p -> !p.getFileName().toString().equals("write.lock"));
    } catch (IOException e) {
      return true; // unreadable: assume it holds items rather than risk treating the store as new
    }
  }

  /**
   * Opens the index; one that cannot be read is moved to the quarantine directory and started afresh.
   *
   * @throws QuiverException LOCKED when another process holds the index
   */
  void open() {
    open(true);
  }

  /**
   * Opens the index as {@link #open()} does. An index analyzed otherwise than the factory asks for
   * ({@link ErrorCode#MODEL_MISMATCH}) is rebuilt only when {@code vectorsReadable}: otherwise it may hold the
   * only readable copy of the items, so it is left in place and the side fails until the store is opened with
   * the index's own analyzer or the vector file is mended.
   */
  void open(boolean vectorsReadable) {
    if (factory == null) {
      return;
    }
    if (Files.isDirectory(directory) && !Files.isWritable(directory)) {
      // it would open, then miss every change: say so now
      fail(KeywordSideState.FAILED, "keyword index directory " + directory + " is not writable by this process",
          null);
      return;
    }
    try {
      index = factory.open(directory);
      markReady();
    } catch (QuiverException e) {
      if (e.code() == ErrorCode.LOCKED) {
        throw e;
      }
      if (e.code() == ErrorCode.MODEL_MISMATCH && !vectorsReadable) {
        fail(KeywordSideState.FAILED, "keyword index " + directory + " needs a rebuild for its new analyzer, "
            + "and the vector file it is rebuilt from cannot be read; it was left as it is", e);
        return;
      }
      startAfresh(e);
    } catch (IOException | RuntimeException e) {
      startAfresh(e);
    }
  }

  private void startAfresh(Exception cause) {
    closeIndexQuietly();
    try {
      if (Files.exists(directory)) {
        Path moved = Quarantine.moveKeywordIndex(store, directory);
        boolean analyzer = cause instanceof QuiverException q && q.code() == ErrorCode.MODEL_MISMATCH;
        LOG.log(System.Logger.Level.WARNING, "keyword index {0} {1} ({2}); moved it to {3} and rebuilding it "
            + "from {4}", directory, analyzer ? "was analyzed with another analyzer" : "cannot be read",
            cause.getMessage(), moved, store);
      }
      index = factory.open(directory);
      markReady();
    } catch (IOException | RuntimeException again) {
      index = null;
      fail(KeywordSideState.FAILED, "keyword index " + directory + " cannot be opened or recreated", again);
    }
  }

  /**
   * Replays the vector file's changes after the index's applied sequence. The caller has checked that the
   * index is not ahead of the file.
   */
  void catchUp(VectorStore source) throws IOException {
    long applied = index.appliedSequence();
    while (true) {
      ChangeBatch batch = source.changesSince(applied, CATCH_UP_BATCH);
      if (batch.lastSequence() == applied && batch.complete()) {
        return;
      }
      index.apply(batch.upserts(), batch.deletedIds(), batch.lastSequence());
      applied = batch.lastSequence();
      if (batch.complete()) {
        return;
      }
    }
  }

  /**
   * Applies a change the vector file {@code source} has just committed. A failure leaves the side {@link
   * KeywordSideState#LAGGING}: it answers no search until a later write has replayed the file.
   */
  void apply(Collection<Item> upserts, Collection<String> deletions, long sequence, VectorStore source) {
    if (factory == null) {
      return;
    }
    if (state != KeywordSideState.READY) {
      bringUpToDate(source); // the change is in the file: replaying it brings this change along
      return;
    }
    try {
      // a store whose vector file lost commits counts on from the keyword index's sequence
      index.apply(upserts, deletions, Math.max(sequence, index.appliedSequence()));
    } catch (IOException | RuntimeException e) {
      fail(KeywordSideState.LAGGING, "keyword index " + directory + " missed a change of " + store, e);
    }
  }

  /**
   * Brings the index level with {@code source}: replays what it missed, reopening it first when replay fails
   * (a writer that closed itself after a full disk), and rebuilding it from scratch when it cannot be
   * reopened. Leaves the side {@link KeywordSideState#LAGGING} when even that fails. A failure of the vector
   * file itself is rethrown: it is not the index's to mend.
   */
  void bringUpToDate(VectorStore source) {
    if (factory == null) {
      return;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
      if (index == null || attempt > 0) {
        closeIndexQuietly();
        open();
      }
      if (index == null) {
        return; // open() said why
      }
      try {
        catchUp(source);
        markReady();
        return;
      } catch (IOException | RuntimeException e) {
        if (e instanceof QuiverException q && source.path().equals(q.file())) {
          throw q;
        }
        fail(KeywordSideState.LAGGING, "keyword index " + directory + " cannot catch up with " + store, e);
      }
    }
  }

  /** Moves an index found unreadable during a search aside and rebuilds it from {@code source}. */
  void rebuildFrom(VectorStore source, Exception cause) {
    state = KeywordSideState.HEALING;
    startAfresh(cause);
    if (index != null) {
      try {
        catchUp(source);
        markReady();
      } catch (IOException | RuntimeException e) {
        fail(KeywordSideState.LAGGING, "keyword index " + directory + " cannot be rebuilt from " + store, e);
      }
    }
  }

  /**
   * Pairs the index with the vector file {@code source}: an index never bound (or bound to nothing yet, being
   * empty) is bound to it now.
   *
   * @throws QuiverException FOREIGN when the index holds items derived from another store's file: which of
   *     the two is right cannot be told, so neither is changed
   */
  void bind(VectorStore source) {
    if (index == null || state != KeywordSideState.READY) {
      return;
    }
    try {
      String bound = index.boundStore();
      String id = source.storeId();
      if (id.equals(bound)) {
        return;
      }
      if (bound != null && (index.appliedSequence() > 0 || index.count() > 0)) {
        throw new QuiverException(ErrorCode.FOREIGN, store, "vector file " + store + " (store.id " + id
            + ") and keyword index " + directory + " (derived from store.id " + bound + ") belong to different "
            + "stores; nothing was changed. Move the one that is not this store's away");
      }
      index.bindStore(id);
    } catch (IOException e) {
      fail(KeywordSideState.LAGGING, "keyword index " + directory + " cannot record its vector file", e);
    }
  }

  /** Binds the index to {@code source}, a fresh file that takes over from a quarantined one of this store. */
  void rebind(VectorStore source) {
    if (index == null) {
      return;
    }
    try {
      index.bindStore(source.storeId());
    } catch (IOException e) {
      fail(KeywordSideState.LAGGING, "keyword index " + directory + " cannot record its vector file", e);
    }
  }

  /**
   * Empties the index before a rebuilt vector file is swapped in (its sequence belongs to the old file); one
   * that cannot be emptied is moved aside and started afresh.
   *
   * @return whether no index of the old file is left in place: false means the swap must not happen
   */
  boolean emptyBeforeSwap() {
    if (factory == null) {
      return true;
    }
    Exception cause = null;
    if (index != null) {
      try {
        index.clear();
        return true;
      } catch (IOException | RuntimeException e) {
        cause = e;
      }
    }
    startAfresh(cause != null ? cause : new IOException(String.valueOf(problem)));
    return index != null || !Files.exists(directory);
  }

  /** A reader of the last applied batch, or null when the side cannot answer. */
  KeywordIndex.Reader reader() {
    if (state != KeywordSideState.READY) {
      return null;
    }
    try {
      return index.reader();
    } catch (IOException | RuntimeException e) {
      fail(KeywordSideState.LAGGING, "keyword index " + directory + " cannot be read", e);
      return null;
    }
  }

  private void markReady() {
    problem = null;
    state = KeywordSideState.READY;
  }

  private void fail(KeywordSideState next, String what, Exception e) {
    problem = e == null ? what : what + ": " + e.getMessage();
    state = next;
    LOG.log(System.Logger.Level.WARNING, problem, e);
  }

  private void closeIndexQuietly() {
    if (index != null) {
      try {
        index.close();
      } catch (IOException | RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "closing keyword index {0}: {1}", directory, e.getMessage());
      }
      index = null;
    }
  }

  @Override
  public void close() {
    closeIndexQuietly();
  }
}
