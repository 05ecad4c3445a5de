package dev.quiver.embed.minilm;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.quiver.embed.onnx.OnnxEmbedder;

/**
 * The quantized all-MiniLM-L6-v2 sentence embedder (384 dimensions), run in process by ONNX Runtime from the
 * model bundled in langchain4j's jar: no network, no files outside the class path. A symmetric model: queries
 * and documents are embedded alike.
 *
 * <p>The model (23 MB) is loaded on the first call to {@link #embed}, not on construction, so commands that
 * never embed (help, stats, verify) do not pay for it. Every instance shares one model and one pool of daemon
 * threads sized to the machine's cores. Texts are cut at 128 tokens (126 word pieces): the tokenizer file that
 * LangChain4j bundles with the model truncates there, so the rest of a longer text does not reach its vector.
 */
public final class MiniLmEmbedder extends OnnxEmbedder {
  public static final String MODEL_ID = "all-minilm-l6-v2-q";
  public static final int DIMENSIONS = 384;

  public MiniLmEmbedder() {
    super(MODEL_ID, DIMENSIONS, "", "");
  }

  @Override
  protected EmbeddingModel model() {
    return Model.INSTANCE;
  }

  /** Loaded once, on first use (the holder idiom: class initialisation is lazy and thread-safe). */
  private static final class Model {
    static final EmbeddingModel INSTANCE = new AllMiniLmL6V2QuantizedEmbeddingModel(daemonPool("minilm"));
  }
}
