package dev.quiver.embed.minilm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The real model, loaded from the class path. */
class MiniLmEmbedderTest {
  final MiniLmEmbedder embedder = new MiniLmEmbedder();

  @Test
  void namesItsModelAndDimensions() {
    assertThat(embedder.modelId()).isEqualTo("all-minilm-l6-v2-q");
    assertThat(embedder.dimensions()).isEqualTo(384);
  }

  @Test
  void returnsOneFinite384DimensionalVectorPerTextInOrder() {
    List<float[]> vectors = embedder.embed(List.of("the deploy is at noon", "", "   ", "café ☕"));
    assertThat(vectors).hasSize(4).allSatisfy(v -> {
      assertThat(v).hasSize(384);
      for (float x : v) {
        assertThat(Float.isFinite(x)).isTrue();
      }
    });
    assertThat(embedder.embed(List.of())).isEmpty();
  }

  @Test
  void similarSentencesAreCloserThanUnrelatedOnes() {
    List<float[]> v = embedder.embed(List.of(
        "When is the production deploy scheduled?",
        "What time do we ship the release to prod?",
        "My cat likes to sleep in the sun."));
    double paraphrase = cosine(v.get(0), v.get(1));
    double unrelated = cosine(v.get(0), v.get(2));
    assertThat(paraphrase).isGreaterThan(unrelated + 0.2);
  }

  @Test
  void wordsBeyondTheFirst128TokensDoNotChangeTheVector() {
    // the tokenizer file bundled with the model truncates at 128 tokens, before LangChain4j's 510-token split
    String head = "Quiver keeps an exact vector file in SQLite and a Lucene index beside it. ".repeat(9);
    List<float[]> v = embedder.embed(List.of(head, head + "My cat likes to sleep in the sun. ".repeat(40)));
    assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(0.9999);
  }

  @Test
  void sameTextGivesTheSameVectorInABatchOfAnySize() {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < dev.quiver.embed.onnx.OnnxEmbedder.BATCH + 3; i++) {
      texts.add("message number " + i);
    }
    List<float[]> batch = embedder.embed(texts);
    assertThat(batch).hasSize(texts.size());
    float[] alone = embedder.embed(List.of(texts.get(dev.quiver.embed.onnx.OnnxEmbedder.BATCH + 1))).get(0);
    assertThat(cosine(alone, batch.get(dev.quiver.embed.onnx.OnnxEmbedder.BATCH + 1))).isGreaterThan(0.9999);
  }

  @Test
  void concurrentCallsGetTheirOwnTextsVectors() throws Exception {
    List<String> texts = List.of("alpha release notes", "database backup failed", "lunch menu for friday",
        "kubernetes pod restarts");
    List<float[]> expected = embedder.embed(texts);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    CountDownLatch gate = new CountDownLatch(1);
    try {
      List<Future<float[]>> futures = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (String t : texts) {
          futures.add(pool.submit(() -> {
            gate.await();
            return embedder.embed(List.of(t)).get(0);
          }));
        }
      }
      gate.countDown();
      for (int i = 0; i < futures.size(); i++) {
        assertThat(cosine(futures.get(i).get(), expected.get(i % texts.size()))).isGreaterThan(0.9999);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static double cosine(float[] a, float[] b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return dot / Math.sqrt(na * nb);
  }
}
