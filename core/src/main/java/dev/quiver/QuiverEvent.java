package dev.quiver;

import dev.quiver.spi.QuiverListener;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a store tells its {@link QuiverListener}s: one subclass per kind of event, each with typed values and the
 * store it came from. Built only by the store; new accessors may be added.
 */
public abstract sealed class QuiverEvent permits QuiverEvent.Search, QuiverEvent.Write, QuiverEvent.Embed,
    QuiverEvent.Quarantine, QuiverEvent.Rebuild {
  private final Path store;

  private QuiverEvent(Path store) {
    this.store = store;
  }

  /** The path naming the store, as it was opened. */
  public Path store() {
    return store;
  }

  /**
   * A search that returned a result. A search that threw (bad input, or every side failed) is not reported.
   * The vector side's time is its scan alone; embedding the question is reported as its own {@link Embed}.
   */
  public static final class Search extends QuiverEvent {
    private final SearchMode mode;
    private final Duration elapsed;
    private final @Nullable Duration vectorElapsed;
    private final @Nullable Duration keywordElapsed;
    private final int hits;
    private final Set<Side> answered;
    private final List<Degradation> degradations;

    Search(Path store, SearchMode mode, long elapsedNanos, long vectorNanos, long keywordNanos,
        SearchResult result) {
      super(store);
      this.mode = mode;
      this.elapsed = Duration.ofNanos(elapsedNanos);
      this.vectorElapsed = vectorNanos < 0 ? null : Duration.ofNanos(vectorNanos);
      this.keywordElapsed = keywordNanos < 0 ? null : Duration.ofNanos(keywordNanos);
      this.hits = result.hits().size();
      this.answered = result.answered();
      this.degradations = result.degradations();
    }

    /** The mode the request asked for (the sides that answered may be fewer: see {@link #answered()}). */
    public SearchMode mode() {
      return mode;
    }

    /** The whole search, from the call to its result. */
    public Duration elapsed() {
      return elapsed;
    }

    /** The vector side's scan; empty when that side did not run (not asked for, or not available). */
    public Optional<Duration> vectorElapsed() {
      return Optional.ofNullable(vectorElapsed);
    }

    /** The keyword side's search; empty when that side did not run (not asked for, or not available). */
    public Optional<Duration> keywordElapsed() {
      return Optional.ofNullable(keywordElapsed);
    }

    /** The time of one side, as {@link #vectorElapsed()} or {@link #keywordElapsed()}. */
    public Optional<Duration> elapsed(Side side) {
      return side == Side.VECTOR ? vectorElapsed() : keywordElapsed();
    }

    /** How many hits the result holds. */
    public int hits() {
      return hits;
    }

    /** The sides that answered, as {@link SearchResult#answered()}. */
    public Set<Side> answered() {
      return answered;
    }

    /** Why a requested side did not answer, as {@link SearchResult#degradations()}; empty when none. */
    public List<Degradation> degradations() {
      return degradations;
    }

    @Override
    public String toString() {
      return "Search[" + mode + ", " + elapsed + ", vector " + vectorElapsed + ", keyword " + keywordElapsed + ", "
          + hits + " hits, degradations " + degradations + "]";
    }
  }

  /** A write that committed: items indexed, or items deleted. A write that threw is not reported. */
  public static final class Write extends QuiverEvent {
    /** What the write did. */
    public enum Kind {
      /** {@link Quiver#index} of items, with the store's embedder or the caller's vectors. */
      INDEX,
      /** {@link Quiver#delete} or {@link Quiver#deleteAll}. */
      DELETE
    }

    private final Kind kind;
    private final int items;
    private final Duration elapsed;

    Write(Path store, Kind kind, int items, long elapsedNanos) {
      super(store);
      this.kind = kind;
      this.items = items;
      this.elapsed = Duration.ofNanos(elapsedNanos);
    }

    public Kind kind() {
      return kind;
    }

    /** Items written, or items that existed and were deleted. */
    public int items() {
      return items;
    }

    /** The whole call, embedding and waiting for other writes included. */
    public Duration elapsed() {
      return elapsed;
    }

    @Override
    public String toString() {
      return "Write[" + kind + ", " + items + " items, " + elapsed + "]";
    }
  }

  /** A call the store made to its embedder that returned. */
  public static final class Embed extends QuiverEvent {
    /** What was embedded. */
    public enum Kind {
      /** Texts to store ({@link dev.quiver.spi.Embedder#embedDocuments}), by index, rebuild or restore. */
      DOCUMENTS,
      /** A search's question ({@link dev.quiver.spi.Embedder#embedQueries}). */
      QUERY
    }

    private final Kind kind;
    private final int texts;
    private final String modelId;
    private final Duration elapsed;

    Embed(Path store, Kind kind, int texts, String modelId, long elapsedNanos) {
      super(store);
      this.kind = kind;
      this.texts = texts;
      this.modelId = modelId;
      this.elapsed = Duration.ofNanos(elapsedNanos);
    }

    public Kind kind() {
      return kind;
    }

    /** How many texts the call embedded. */
    public int texts() {
      return texts;
    }

    /** The embedder's {@link dev.quiver.spi.Embedder#modelId()}. */
    public String modelId() {
      return modelId;
    }

    public Duration elapsed() {
      return elapsed;
    }

    @Override
    public String toString() {
      return "Embed[" + kind + ", " + texts + " texts, " + modelId + ", " + elapsed + "]";
    }
  }

  /** A damaged vector file was moved to the quarantine directory (by a write, {@link Quiver#repair()} or a rebuild). */
  public static final class Quarantine extends QuiverEvent {
    private final @Nullable Path movedTo;
    private final String problem;

    Quarantine(Path store, @Nullable Path movedTo, String problem) {
      super(store);
      this.movedTo = movedTo;
      this.problem = problem;
    }

    /** Where the damaged file went; empty when the file was already missing. */
    public Optional<Path> movedTo() {
      return Optional.ofNullable(movedTo);
    }

    /** The damage, for people. */
    public String problem() {
      return problem;
    }

    @Override
    public String toString() {
      return "Quarantine[" + movedTo + ": " + problem + "]";
    }
  }

  /**
   * A side was rebuilt: the vector side by {@link Quiver#rebuild} from the caller's records, or the keyword side
   * from the vector file after it failed during a search.
   */
  public static final class Rebuild extends QuiverEvent {
    private final Side side;
    private final long items;
    private final Duration elapsed;

    Rebuild(Path store, Side side, long items, long elapsedNanos) {
      super(store);
      this.side = side;
      this.items = items;
      this.elapsed = Duration.ofNanos(elapsedNanos);
    }

    /** The side that was rebuilt. */
    public Side side() {
      return side;
    }

    /** Items the rebuilt side holds (for the vector side: the items the source gave). */
    public long items() {
      return items;
    }

    public Duration elapsed() {
      return elapsed;
    }

    @Override
    public String toString() {
      return "Rebuild[" + side + ", " + items + " items, " + elapsed + "]";
    }
  }
}
