package dev.quiver.langchain4j;

import static dev.langchain4j.internal.ValidationUtils.ensureNotBlank;
import static dev.langchain4j.internal.ValidationUtils.ensureNotNull;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.quiver.spi.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Any LangChain4j {@link EmbeddingModel} as a Quiver {@link Embedder}, so that a store embeds its items and
 * questions with it: {@code QuiverOptions.builder().embedder(LangChain4jEmbedder.of(model, "my-model-v1"))}.
 *
 * <p>Quiver records {@link #modelId()} in its file and refuses to open it with another, so the id must name
 * the model and every setting that changes its vectors. {@link #of(EmbeddingModel)} takes the model's own
 * {@code modelName()}; a model that does not name itself must be given an id.
 *
 * <p>A model cannot embed a blank text; Quiver does not ask it to (blank items are stored without a vector).
 * Thread-safe when the model is, as LangChain4j's models are.
 */
public final class LangChain4jEmbedder implements Embedder {
  private final EmbeddingModel model;
  private final String modelId;
  private final int dimensions;

  private LangChain4jEmbedder(EmbeddingModel model, String modelId, int dimensions) {
    this.model = model;
    this.modelId = modelId;
    this.dimensions = dimensions;
  }

  /**
   * {@code model} under its own name, {@code modelName()}.
   *
   * @throws IllegalArgumentException if the model does not name itself (LangChain4j's default is "unknown")
   */
  public static LangChain4jEmbedder of(EmbeddingModel model) {
    ensureNotNull(model, "model");
    String name = model.modelName();
    if (name == null || name.isBlank() || name.equals("unknown")) {
      throw new IllegalArgumentException("embedding model " + model.getClass().getName() + " does not name itself "
          + "(modelName() is '" + name + "'); give it an id with LangChain4jEmbedder.of(model, id): Quiver "
          + "stores the id and refuses vectors of another model");
    }
    return of(model, name);
  }

  /**
   * {@code model} under {@code modelId}. The model's {@code dimension()} is read now, which may embed one
   * text.
   */
  public static LangChain4jEmbedder of(EmbeddingModel model, String modelId) {
    ensureNotNull(model, "model");
    ensureNotBlank(modelId, "modelId");
    int dimensions = model.dimension();
    if (dimensions < 1) {
      throw new IllegalArgumentException("embedding model " + modelId + " reports " + dimensions
          + " dimensions; expected at least 1");
    }
    return new LangChain4jEmbedder(model, modelId, dimensions);
  }

  /** The LangChain4j model this embedder calls. */
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
   * @throws IllegalStateException if the model returns another number of vectors, or a vector of another
   *     length than {@link #dimensions()}
   */
  @Override
  public List<float[]> embed(List<String> texts) {
    ensureNotNull(texts, "texts");
    if (texts.isEmpty()) {
      return List.of();
    }
    List<TextSegment> segments = new ArrayList<>(texts.size());
    for (String text : texts) {
      segments.add(TextSegment.from(text));
    }
    List<Embedding> embeddings = model.embedAll(segments).content();
    if (embeddings.size() != texts.size()) {
      throw new IllegalStateException(String.format(Locale.ROOT, "model %s returned %d vectors for %d texts",
          modelId, embeddings.size(), texts.size()));
    }
    List<float[]> vectors = new ArrayList<>(embeddings.size());
    for (Embedding e : embeddings) {
      float[] v = e.vector();
      if (v.length != dimensions) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "model %s returned a vector of %d dimensions; it reported %d", modelId, v.length, dimensions));
      }
      vectors.add(v);
    }
    return vectors;
  }

  @Override
  public String toString() {
    return modelId + " (" + dimensions + " dimensions, LangChain4j " + model.getClass().getSimpleName() + ")";
  }
}
