package dev.quiver.embed.onnx;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.quiver.spi.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sentence embedder run in process by LangChain4j's ONNX runtime: batches of at most {@value #BATCH} texts,
 * the prefixes an asymmetric model expects on documents and on queries, and a check of every vector's
 * length. A blank text, which the models cannot take, is embedded as {@value #BLANK_STAND_IN} so that every
 * item gets a vector. Texts longer than 510 tokens are split and averaged by LangChain4j, unless the model's
 * tokenizer file truncates them first (MiniLM's cuts at 128 tokens).
 *
 * <p>Subclasses supply the model, loaded on first use so that commands that never embed do not pay for it.
 * Thread-safe when the model is: the ONNX session accepts concurrent runs.
 */
public abstract class OnnxEmbedder implements Embedder {
  /** How many texts go to the model in one {@code embedAll} call; bounds the memory of one call. */
  public static final int BATCH = 128;
  static final String BLANK_STAND_IN = ".";

  private final String modelId;
  private final int dimensions;
  private final String documentPrefix;
  private final String queryPrefix;

  /**
   * @param documentPrefix put before every text stored, empty for a symmetric model
   * @param queryPrefix put before every question and before texts given to {@link #embed}
   */
  protected OnnxEmbedder(String modelId, int dimensions, String documentPrefix, String queryPrefix) {
    this.modelId = Objects.requireNonNull(modelId, "modelId");
    this.dimensions = dimensions;
    this.documentPrefix = Objects.requireNonNull(documentPrefix, "documentPrefix");
    this.queryPrefix = Objects.requireNonNull(queryPrefix, "queryPrefix");
  }

  /** The model, loaded on the first call. */
  protected abstract EmbeddingModel model();

  /**
   * Starts loading the model on a daemon thread, so a caller that will embed soon overlaps the load with its
   * other start-up work; its first embedding call waits only for what is left. A load that fails here fails
   * again, with its cause, on that call. Join the thread before the JVM may exit: ONNX Runtime can crash a JVM
   * that exits while it loads.
   */
  public final Thread loadInBackground() {
    Thread loader = new Thread(this::model, modelId + "-load");
    loader.setDaemon(true);
    loader.setUncaughtExceptionHandler((thread, failure) -> { }); // reported by the first embedding call
    loader.start();
    return loader;
  }

  @Override
  public final String modelId() {
    return modelId;
  }

  @Override
  public final int dimensions() {
    return dimensions;
  }

  @Override
  public final List<float[]> embed(List<String> texts) {
    return embed(texts, queryPrefix);
  }

  @Override
  public final List<float[]> embedDocuments(List<String> texts) {
    return embed(texts, documentPrefix);
  }

  @Override
  public final List<float[]> embedQueries(List<String> texts) {
    return embed(texts, queryPrefix);
  }

  private List<float[]> embed(List<String> texts, String prefix) {
    Objects.requireNonNull(texts, "texts");
    List<float[]> vectors = new ArrayList<>(texts.size());
    for (int from = 0; from < texts.size(); from += BATCH) {
      List<String> batch = texts.subList(from, Math.min(texts.size(), from + BATCH));
      List<TextSegment> segments = new ArrayList<>(batch.size());
      for (String text : batch) {
        segments.add(TextSegment.from(prefix + (text == null || text.isBlank() ? BLANK_STAND_IN : text)));
      }
      List<Embedding> embeddings = model().embedAll(segments).content();
      if (embeddings.size() != segments.size()) {
        throw new IllegalStateException(String.format(Locale.ROOT,
            "model %s returned %d vectors for %d texts", modelId, embeddings.size(), segments.size()));
      }
      for (Embedding e : embeddings) {
        float[] v = e.vector();
        if (v.length != dimensions) {
          throw new IllegalStateException(String.format(Locale.ROOT,
              "model %s returned a vector of %d dimensions; expected %d", modelId, v.length, dimensions));
        }
        vectors.add(v);
      }
    }
    return vectors;
  }

  @Override
  public String toString() {
    return modelId + " (" + dimensions + " dimensions)";
  }

  /**
   * A pool of daemon threads, one per core, for a model's runs: a command that embedded something must still
   * exit as soon as its main method returns.
   */
  protected static ExecutorService daemonPool(String name) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }
}
