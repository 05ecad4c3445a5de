package dev.quiver.embed.e5;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The real model, loaded from the class path. */
class E5SmallEmbedderTest {
  final E5SmallEmbedder embedder = new E5SmallEmbedder();

  @Test
  void namesItsModelAndDimensions() {
    assertThat(embedder.modelId()).isEqualTo("e5-small-v2-q");
    assertThat(embedder.dimensions()).isEqualTo(384);
  }

  @Test
  void returnsOneFiniteUnitVectorPerTextInOrderBlankOnesIncluded() {
    List<float[]> vectors = embedder.embedDocuments(List.of("the deploy is at noon", "", "   ", "café ☕"));
    assertThat(vectors).hasSize(4).allSatisfy(v -> {
      assertThat(v).hasSize(384);
      double norm = 0;
      for (float x : v) {
        assertThat(Float.isFinite(x)).isTrue();
        norm += x * x;
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
    });
    assertThat(embedder.embedQueries(List.of())).isEmpty();
  }

  @Test
  void aQuestionIsCloserToThePassageThatAnswersItThanToAnUnrelatedOne() {
    float[] question = embedder.embedQueries(List.of("when is the production deploy scheduled?")).get(0);
    List<float[]> passages = embedder.embedDocuments(List.of(
        "We ship the release to prod on Thursday at noon, after the freeze.",
        "My cat likes to sleep in the sun on the balcony."));
    assertThat(cosine(question, passages.get(0))).isGreaterThan(cosine(question, passages.get(1)) + 0.05);
  }

  @Test
  void queriesAndDocumentsAreEmbeddedWithTheirOwnPrefixes() {
    String text = "postgres connection pool exhausted";
    float[] asQuery = embedder.embedQueries(List.of(text)).get(0);
    float[] asDocument = embedder.embedDocuments(List.of(text)).get(0);
    float[] plain = embedder.embed(List.of(text)).get(0);
    assertThat(cosine(asQuery, asDocument)).isLessThan(0.9999); // the prefix changes what the model sees
    assertThat(cosine(plain, asQuery)).isGreaterThan(0.9999); // embed() is the symmetric, query-prefixed use
  }

  @Test
  void leavesNoCopyOfTheModelBehind() throws IOException {
    embedder.embed(List.of("load the model"));
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("quiver-e5-"));
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
