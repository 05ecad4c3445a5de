package dev.quiver.springai;

import dev.quiver.spi.Embedder;
import java.util.List;
import java.util.Locale;
import org.springframework.ai.embedding.EmbeddingModel;

/**
 * Any Spring AI {@link EmbeddingModel} as a Quiver {@link Embedder}, so that a store embeds its items and questions
 * with it: {@code QuiverOptions.builder().embedder(SpringAiEmbedder.of(model, "text-embedding-3-small"))}.
 *
 * <p>Quiver records {@link #modelId()} in its file and refuses to open it with another, so the id must name the
 * model and every setting that changes its vectors (Spring AI models do not name themselves). Thread-safe when the
 * model is, as Spring AI's models are.
 */
public final class SpringAiEmbedder implements Embedder {
  private final EmbeddingModel model;
  private final String modelId;
  private final int dimensions;

  private SpringAiEmbedder(EmbeddingModel model, String modelId, int dimensions) {
    this.model = model;
    this.modelId = modelId;
    this.dimensions = dimensions;
  }

  /**
   * {@code model} under {@code modelId}. The model's {@code dimensions()} is read now, which for most models embeds
   * one text.
   *
   * @throws IllegalArgumentException if an argument is null or blank, or the model reports fewer than 1 dimension
   */
  public static SpringAiEmbedder of(EmbeddingModel model, String modelId) {
    requireModel(model, modelId);
    return of(model, modelId, model.dimensions());
  }

  /** {@code model} under {@code modelId}, whose vectors have {@code dimensions} floats; the model is not called. */
  public static SpringAiEmbedder of(EmbeddingModel model, String modelId, int dimensions) {
    requireModel(model, modelId);
    if (dimensions < 1) {
      throw new IllegalArgumentException("embedding model " + modelId + " has " + dimensions
          + " dimensions; expected at least 1");
    }
    return new SpringAiEmbedder(model, modelId, dimensions);
  }

  private static void requireModel(EmbeddingModel model, String modelId) {
    if (model == null) {
      throw new IllegalArgumentException("embedding model must not be null");
    }
    if (modelId == null || modelId.isBlank()) {
      throw new IllegalArgumentException("model id must name the model (Quiver stores it and refuses vectors of "
          + "another model); found '" + modelId + "'");
    }
  }

  /** The Spring AI model this embedder calls. */
  public EmbeddingModel model() {
    return model;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  /**
   * @throws IllegalStateException if the model returns another number of vectors, or a vector of another length
   *     than {@link #dimensions()}
   */
  @Override
  public List<float[]> embed(List<String> texts) {
    if (texts == null) {
      throw new IllegalArgumentException("texts must be a list; found null");
    }
    if (texts.isEmpty()) {
      return List.of();
    }
    List<float[]> vectors = model.embed(texts);
    if (vectors.size() != texts.size()) {
      throw new IllegalStateException(String.format(Locale.ROOT, "model %s returned %d vectors for %d texts",
          modelId, vectors.size(), texts.size()));
    }
    for (float[] v : vectors) {
      if (v == null || v.length != dimensions) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "model %s returned a vector of %s dimensions; expected %d", modelId,
            v == null ? "no" : Integer.toString(v.length), dimensions));
      }
    }
    return vectors;
  }

  @Override
  public String toString() {
    return modelId + " (" + dimensions + " dimensions, Spring AI " + model.getClass().getSimpleName() + ")";
  }
}
