package dev.quiver;

import dev.quiver.spi.Embedder;
import dev.quiver.spi.KeywordIndex;
import dev.quiver.spi.QuiverListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link Quiver} store is opened. Build with {@link #builder()}; every setting has a default, and new
 * settings are added to the builder without breaking callers.
 *
 * <pre>{@code
 * QuiverOptions options = QuiverOptions.builder()
 *     .embedder(new MiniLmEmbedder())
 *     .keywordIndex(LuceneKeywordIndex.factory())
 *     .primaryDatabase(Path.of("data/chat.db"))
 *     .build();
 * }</pre>
 */
public final class QuiverOptions {
  /** The fusion used when none is set; chosen by measurement, see docs/quality.md. */
  public static final Fusion DEFAULT_FUSION = Fusion.zScore(0.5);
  public static final int DEFAULT_CANDIDATE_WINDOW = 100;

  private final Embedder embedder;
  private final KeywordIndex.Factory keywordIndex;
  private final Metric metric;
  private final Fusion fusion;
  private final int candidateWindow;
  private final Path primaryDatabase;
  private final boolean fullSync;
  private final int dimensions;
  private final String modelId;
  private final int searchParallelism;
  private final Executor searchExecutor;
  private final List<QuiverListener> listeners;

  private QuiverOptions(Builder b) {
    if (b.candidateWindow < 1 || b.candidateWindow > SearchRequest.MAX_LIMIT) {
      throw new IllegalArgumentException("candidate window must be 1 to " + SearchRequest.MAX_LIMIT
          + "; found " + b.candidateWindow);
    }
    if (b.searchParallelism < 1) {
      throw new IllegalArgumentException("search parallelism must be at least 1; found " + b.searchParallelism);
    }
    if (b.embedder != null && b.dimensions != 0 && b.dimensions != b.embedder.dimensions()) {
      throw new IllegalArgumentException("dimensions " + b.dimensions + " disagree with embedder "
          + b.embedder.modelId() + ", which returns " + b.embedder.dimensions() + "; set one or the other");
    }
    if (b.embedder != null && b.modelId != null && !b.modelId.equals(b.embedder.modelId())) {
      throw new IllegalArgumentException("model id '" + b.modelId + "' disagrees with embedder '"
          + b.embedder.modelId() + "'; set one or the other");
    }
    this.embedder = b.embedder;
    this.keywordIndex = b.keywordIndex;
    this.metric = Preconditions.requireArgument(b.metric, "metric");
    this.fusion = Preconditions.requireArgument(b.fusion, "fusion");
    this.candidateWindow = b.candidateWindow;
    this.primaryDatabase = b.primaryDatabase;
    this.fullSync = b.fullSync;
    this.dimensions = b.embedder != null ? b.embedder.dimensions() : b.dimensions;
    this.modelId = b.embedder != null ? b.embedder.modelId() : b.modelId;
    this.searchParallelism = b.searchParallelism;
    this.searchExecutor = b.searchExecutor;
    this.listeners = List.copyOf(b.listeners);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Turns texts into vectors; {@code null} when the store is keyword-only or the caller brings vectors. */
  public @Nullable Embedder embedder() {
    return embedder;
  }

  /** Opens the keyword index directory; {@code null} makes the store vector-only. */
  public KeywordIndex.@Nullable Factory keywordIndex() {
    return keywordIndex;
  }

  /** Vector comparison for a new store. */
  public Metric metric() {
    return metric;
  }

  /** How hybrid results are merged. */
  public Fusion fusion() {
    return fusion;
  }

  /** How many candidates each side contributes to fusion. */
  public int candidateWindow() {
    return candidateWindow;
  }

  /** The chat server's own database, which Quiver refuses to touch; may be {@code null}. */
  public @Nullable Path primaryDatabase() {
    return primaryDatabase;
  }

  /** Whether commits use {@code synchronous=FULL} even under WAL (durable across power loss). */
  public boolean fullSync() {
    return fullSync;
  }

  /**
   * The vector length: the embedder's, or the one set for callers who bring their own vectors; 0 when
   * neither is known (an existing store's file then says).
   */
  public int dimensions() {
    return dimensions;
  }

  /** The embedding model's name: the embedder's, or the one set for callers who bring vectors; may be null. */
  public @Nullable String modelId() {
    return modelId;
  }

  /** How many threads one large unfiltered vector scan may use. */
  public int searchParallelism() {
    return searchParallelism;
  }

  /**
   * Where the parts of a parallel scan run beside the searching thread, which scans one part itself and any
   * part the executor has not started; {@code null} for Quiver's shared pool of daemon threads.
   */
  public @Nullable Executor searchExecutor() {
    return searchExecutor;
  }

  /** Who hears the store's searches, writes, embedding, quarantines and rebuilds, in the order added. */
  public List<QuiverListener> listeners() {
    return listeners;
  }

  /** Builds {@link QuiverOptions}. */
  public static final class Builder {
    private Embedder embedder;
    private KeywordIndex.Factory keywordIndex;
    private Metric metric = Metric.COSINE;
    private Fusion fusion = DEFAULT_FUSION;
    private int candidateWindow = DEFAULT_CANDIDATE_WINDOW;
    private Path primaryDatabase;
    private boolean fullSync;
    private int dimensions;
    private String modelId;
    private int searchParallelism = Runtime.getRuntime().availableProcessors();
    private Executor searchExecutor;
    private final List<QuiverListener> listeners = new ArrayList<>();

    private Builder() {}

    /** Default none: the store is keyword-only, or takes the caller's vectors. */
    public Builder embedder(@Nullable Embedder value) {
      this.embedder = value;
      return this;
    }

    /** Default none: the store is vector-only. For example {@code LuceneKeywordIndex.factory()}. */
    public Builder keywordIndex(KeywordIndex.@Nullable Factory value) {
      this.keywordIndex = value;
      return this;
    }

    /** Default {@link Metric#COSINE}; fixed when the store is created. */
    public Builder metric(Metric value) {
      this.metric = value;
      return this;
    }

    /** Default {@link #DEFAULT_FUSION}. */
    public Builder fusion(Fusion value) {
      this.fusion = value;
      return this;
    }

    /** Default {@value #DEFAULT_CANDIDATE_WINDOW}; 1 to {@value SearchRequest#MAX_LIMIT}. */
    public Builder candidateWindow(int value) {
      this.candidateWindow = value;
      return this;
    }

    /** Default none. Quiver refuses this file however it is reached (links, sidecar names, before it exists). */
    public Builder primaryDatabase(@Nullable Path value) {
      this.primaryDatabase = value;
      return this;
    }

    /** Default {@code false}: {@code synchronous=NORMAL} under WAL. Network filesystems always get FULL. */
    public Builder fullSync(boolean value) {
      this.fullSync = value;
      return this;
    }

    /**
     * For callers who bring their own vectors ({@link Quiver#index(Item, float[])}) without an embedder: the
     * vector length of a new store. Must agree with the embedder when both are set.
     */
    public Builder dimensions(int value) {
      this.dimensions = value;
      return this;
    }

    /** For callers who bring their own vectors: the model's name, stored in the file and checked on open. */
    public Builder modelId(@Nullable String value) {
      this.modelId = value;
      return this;
    }

    /** Default: the machine's cores. 1 keeps every scan on the caller's thread. */
    public Builder searchParallelism(int value) {
      this.searchParallelism = value;
      return this;
    }

    /** Default: Quiver's shared pool of daemon threads, sized to the machine. */
    public Builder searchExecutor(@Nullable Executor value) {
      this.searchExecutor = value;
      return this;
    }

    /**
     * Default none. Adds a listener (each call adds one more), called on the thread that did the work; see
     * {@link QuiverListener} for what it may do.
     */
    public Builder addListener(QuiverListener value) {
      listeners.add(Preconditions.requireArgument(value, "listener"));
      return this;
    }

    public QuiverOptions build() {
      return new QuiverOptions(this);
    }
  }
}
