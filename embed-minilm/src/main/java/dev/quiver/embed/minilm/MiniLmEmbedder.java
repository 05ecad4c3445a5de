package dev.quiver.embed.minilm;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.quiver.spi.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The quantized all-MiniLM-L6-v2 sentence embedder (384 dimensions), run in process by ONNX Runtime from the
 * model bundled in langchain4j's jar: no network, no files outside the class path.
 *
 * <p>The model (23 MB) is loaded on the first call to {@link #embed}, not on construction, so commands that
 * never embed (help, stats, verify) do not pay for it. Thread-safe: the ONNX session accepts concurrent runs,
 * and every instance shares one model and one pool of daemon threads sized to the machine's cores.
 *
 * <p>Texts longer than the model's 256-token window are split and averaged by langchain4j. A blank text,
 * which the model cannot take, is embedded as {@value #BLANK_STAND_IN} so that every item gets a vector.
 */
public final class MiniLmEmbedder implements Embedder {
  public static final String MODEL_ID = "all-minilm-l6-v2-q";
  public static final int DIMENSIONS = 384;
  /** How many texts go to the model in one {@code embedAll} call; bounds the memory of one call. */
  static final int BATCH = 128;
  static final String BLANK_STAND_IN = ".";

  @Override
  public String modelId() {
    return MODEL_ID;
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    Objects.requireNonNull(texts, "texts");
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += BATCH) {
      List<String> batch = texts.subList(from, Math.min(texts.size(), from + BATCH));
      List<TextSegment> segments = new ArrayList<>(batch.size());
      for (String text : batch) {
        segments.add(TextSegment.from(text == null || text.isBlank() ? BLANK_STAND_IN : text));
      }
      List<Embedding> embeddings = Model.INSTANCE.embedAll(segments).content();
      if (embeddings.size() != segments.size()) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "model %s returned %d vectors for %d texts", MODEL_ID, embeddings.size(), segments.size()));
      }
      for (Embedding e : embeddings) {
        float[] v = e.vector();
        if (v.length != DIMENSIONS) {
          throw new IllegalStateException(String.format(Locale.ROOT,
              "model %s returned a vector of %d dimensions; expected %d", MODEL_ID, v.length, DIMENSIONS));
        }
        vectors.add(v);
      }
    }
    return vectors;
  }

  @Override
  public String toString() {
    return MODEL_ID + " (" + DIMENSIONS + " dimensions)";
  }

  /** Loaded once, on first use (the holder idiom: class initialisation is lazy and thread-safe). */
  private static final class Model {
    static final EmbeddingModel INSTANCE = new AllMiniLmL6V2QuantizedEmbeddingModel(daemonPool());

    private static ExecutorService daemonPool() {
      AtomicInteger n = new AtomicInteger();
      // Daemon threads: a command that embedded something must still exit as soon as main returns.
      return Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
        Thread t = new Thread(r, "minilm-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    }
  }
}
