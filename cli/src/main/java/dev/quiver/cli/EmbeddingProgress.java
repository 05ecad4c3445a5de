package dev.quiver.cli;

import dev.quiver.spi.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An embedder that hands stored texts to its model a few at a time and reports each few to a {@link Progress},
 * so a bar moves with the embedding (most of an import's time) instead of once per committed batch. A few is
 * eight texts per core: the model runs a call's texts in parallel, and waits for the slowest before the next
 * call, which costs less the more texts a call holds. Questions pass through unchanged.
 */
final class EmbeddingProgress implements Embedder {
  private final Embedder model;
  private final int chunk;
  private volatile Progress progress;

  EmbeddingProgress(Embedder model) {
    this(model, 8 * Runtime.getRuntime().availableProcessors());
  }

  EmbeddingProgress(Embedder model, int chunk) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk must be at least 1; found " + chunk);
    }
    this.model = Objects.requireNonNull(model, "model");
    this.chunk = chunk;
  }

  /** Reports embedded texts to {@code progress} from now on (null: to nothing). */
  void reportTo(Progress progress) {
    this.progress = progress;
  }

  @Override
  public String modelId() {
    return model.modelId();
  }

  @Override
  public int dimensions() {
    return model.dimensions();
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    return model.embed(texts);
  }

  @Override
  public List<float[]> embedDocuments(List<String> texts) {
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += chunk) {
      List<String> few = texts.subList(from, Math.min(texts.size(), from + chunk));
      vectors.addAll(model.embedDocuments(few));
      Progress p = progress;
      if (p != null) {
        p.embedded(few.size());
      }
    }
    return vectors;
  }

  @Override
  public List<float[]> embedQueries(List<String> texts) {
    return model.embedQueries(texts);
  }

  @Override
  public String toString() {
    return model.toString();
  }
}
