package dev.quiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.spi.Embedder;
import dev.quiver.testing.HashingTestEmbedder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bar moves as texts are embedded, a few at a time, and a commit never counts an item twice. */
class EmbeddingProgressTest {
  @TempDir
  Path dir;

  /** The bar's count each time the model is asked to embed. */
  private static final class Watched extends HashingTestEmbedder {
    final List<Long> seen = new ArrayList<>();
    Progress progress;

    @Override
    public List<float[]> embedDocuments(List<String> texts) {
      seen.add(progress.current());
      return super.embedDocuments(texts);
    }
  }

  @Test
  void aBatchAdvancesTheBarInFewsAndEndsAtTheItemCount() {
    Watched model = new Watched();
    EmbeddingProgress embedder = new EmbeddingProgress(model, 4);
    List<Item> items = IntStream.range(0, 10).mapToObj(i -> Item.of("m" + i, "message number " + i)).toList();
    try (Quiver quiver = Quiver.open(dir.resolve("s.quiver"), QuiverOptions.builder().embedder(embedder).build());
        Progress progress = Progress.to(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            "import", 13)) {
      model.progress = progress;
      embedder.reportTo(progress);
      long indexed = Importer.indexAll(quiver, items.iterator(), 256, progress);

      assertThat(indexed).isEqualTo(10);
      assertThat(model.seen).containsExactly(0L, 4L, 8L);
      assertThat(progress.current()).isEqualTo(10);

      progress.stepBy(3); // three items skipped as unchanged
      assertThat(progress.current()).isEqualTo(13);
      assertThat(quiver.count()).isEqualTo(10);
    }
  }

  @Test
  void itemsTheStoreDidNotEmbedAreCountedAtTheirCommit() {
    try (Progress progress = Progress.to(new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8), "import", 10)) {
      progress.embedded(4);
      progress.committed(6); // four of them embedded and shown, two not
      assertThat(progress.current()).isEqualTo(6);
      progress.committed(4);
      assertThat(progress.current()).isEqualTo(10);
      progress.stepTo(8); // a rebuild's report behind what embedding showed leaves the bar where it is
      assertThat(progress.current()).isEqualTo(10);
    }
  }

  @Test
  void questionsAndTheModelsIdentityPassThrough() {
    Embedder model = new HashingTestEmbedder("hash-7", 7);
    EmbeddingProgress embedder = new EmbeddingProgress(model, 2);
    assertThat(embedder.modelId()).isEqualTo("hash-7");
    assertThat(embedder.dimensions()).isEqualTo(7);
    assertThat(embedder.embedQueries(List.of("a", "b", "c")))
        .containsExactlyElementsOf(model.embedQueries(List.of("a", "b", "c")));
    assertThat(embedder.embedDocuments(List.of("a", "b", "c")))
        .containsExactlyElementsOf(model.embedDocuments(List.of("a", "b", "c")));
  }
}
