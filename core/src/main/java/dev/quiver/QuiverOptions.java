package dev.quiver;

import dev.quiver.spi.Embedder;
import dev.quiver.spi.KeywordIndex;
import java.nio.file.Path;

/**
 * How a {@link Quiver} store is opened. Build with {@link #builder()}; every setting has a default.
 *
 * @param embedder turns texts into vectors; {@code null} makes the store keyword-only
 * @param keywordIndex opens the keyword index directory; {@code null} makes the store vector-only
 * @param metric vector comparison for a new store (default cosine)
 * @param fusion how hybrid results are merged
 * @param candidateWindow how many candidates each side contributes to fusion (default 100)
 * @param primaryDatabase the chat server's own database, which Quiver refuses to touch; may be {@code null}
 * @param fullSync {@code synchronous=FULL} even under WAL (durable across power loss)
 */
public record QuiverOptions(Embedder embedder, KeywordIndex.Factory keywordIndex, Metric metric, Fusion fusion,
    int candidateWindow, Path primaryDatabase, boolean fullSync) {

  /** The fusion used when none is set; chosen by measurement, see the README. */
  public static final Fusion DEFAULT_FUSION = Fusion.zScore(0.5);
  public static final int DEFAULT_CANDIDATE_WINDOW = 100;

  public QuiverOptions {
    if (candidateWindow < 1 || candidateWindow > SearchRequest.MAX_LIMIT) {
      throw new IllegalArgumentException("candidate window must be 1 to " + SearchRequest.MAX_LIMIT
          + "; found " + candidateWindow);
    }
    metric = metric == null ? Metric.COSINE : metric;
    fusion = fusion == null ? DEFAULT_FUSION : fusion;
  }

  public static Builder builder() {
    return new Builder();
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

    private Builder() {}

    public Builder embedder(Embedder value) {
      this.embedder = value;
      return this;
    }

    public Builder keywordIndex(KeywordIndex.Factory value) {
      this.keywordIndex = value;
      return this;
    }

    public Builder metric(Metric value) {
      this.metric = value;
      return this;
    }

    public Builder fusion(Fusion value) {
      this.fusion = value;
      return this;
    }

    public Builder candidateWindow(int value) {
      this.candidateWindow = value;
      return this;
    }

    public Builder primaryDatabase(Path value) {
      this.primaryDatabase = value;
      return this;
    }

    public Builder fullSync(boolean value) {
      this.fullSync = value;
      return this;
    }

    public QuiverOptions build() {
      return new QuiverOptions(embedder, keywordIndex, metric, fusion, candidateWindow, primaryDatabase, fullSync);
    }
  }
}
