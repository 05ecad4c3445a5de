package dev.quiver.spi;

import java.util.List;

/**
 * Turns texts into vectors. Quiver stores {@link #modelId()} and {@link #dimensions()} in its file and
 * refuses to mix vectors of another model into it.
 *
 * <p>Models such as e5 and bge embed a question differently from a passage (e5 wants {@code "query: "} and
 * {@code "passage: "} prefixes): Quiver embeds what it stores with {@link #embedDocuments} and what is asked
 * with {@link #embedQueries}. Both default to {@link #embed}, which is all a symmetric model like MiniLM needs.
 *
 * <p>Implementations must be thread-safe: the store may embed a query while a batch is being indexed.
 */
public interface Embedder {

  /** A stable name of the model and its settings, for example {@code all-minilm-l6-v2-q}. */
  String modelId();

  /** The length of every vector this embedder returns. */
  int dimensions();

  /**
   * Embeds each text.
   *
   * @return one vector of {@link #dimensions()} floats per text, in the same order
   */
  List<float[]> embed(List<String> texts);

  /** Embeds texts to be stored and searched: messages, knowledge entries. */
  default List<float[]> embedDocuments(List<String> texts) {
    return embed(texts);
  }

  /** Embeds questions asked of the store. */
  default List<float[]> embedQueries(List<String> texts) {
    return embed(texts);
  }
}
