package dev.quiver.springai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

class SpringAiEmbedderTest {
  @TempDir Path dir;

  @Test
  void storeOpenedWithTheEmbedderEmbedsItemsAndQuestionsWithTheSpringAiModel() {
    SpringAiEmbedder embedder = SpringAiEmbedder.of(MiniLmEmbeddingModel.INSTANCE, "all-minilm-l6-v2-q");
    assertThat(embedder.dimensions()).isEqualTo(384);
    assertThat(embedder.model()).isSameAs(MiniLmEmbeddingModel.INSTANCE);
    try (Quiver quiver = Quiver.open(dir.resolve("e.quiver"), QuiverOptions.builder().embedder(embedder).build())) {
      quiver.index(List.of(Item.of("cat", "the cat sleeps on the sofa"), Item.of("tax", "file your tax return")));
      assertThat(quiver.search(SearchRequest.of("where is the kitten napping?").limit(1)).hits())
          .singleElement().satisfies(h -> assertThat(h.id()).isEqualTo("cat"));
    }
  }

  @Test
  void vectorsAreTheModelsOwn() {
    FixedEmbeddingModel model = new FixedEmbeddingModel(Map.of("a", new float[] {1, 2}, "b", new float[] {3, 4}));
    SpringAiEmbedder embedder = SpringAiEmbedder.of(model, "fixed", 2);
    assertThat(embedder.embed(List.of("a", "b"))).containsExactly(new float[] {1, 2}, new float[] {3, 4});
    assertThat(embedder.embed(List.of())).isEmpty();
    assertThat(embedder.modelId()).isEqualTo("fixed");
  }

  @Test
  void modelReturningVectorsOfAnotherLengthOrCountIsAnIllegalState() {
    FixedEmbeddingModel model = new FixedEmbeddingModel(Map.of("a", new float[] {1, 2}));
    assertThatThrownBy(() -> SpringAiEmbedder.of(model, "fixed", 3).embed(List.of("a")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("2 dimensions; expected 3");
    EmbeddingModel none = new EmbeddingModel() {
      @Override
      public EmbeddingResponse call(EmbeddingRequest request) {
        return new EmbeddingResponse(List.of());
      }

      @Override
      public float[] embed(org.springframework.ai.document.Document document) {
        throw new UnsupportedOperationException();
      }
    };
    assertThatThrownBy(() -> SpringAiEmbedder.of(none, "none", 2).embed(List.of("a")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("returned 0 vectors for 1 texts");
  }

  @Test
  void modelMustBeNamedAndHaveDimensions() {
    assertThatThrownBy(() -> SpringAiEmbedder.of(MiniLmEmbeddingModel.INSTANCE, " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model id");
    assertThatThrownBy(() -> SpringAiEmbedder.of(MiniLmEmbeddingModel.INSTANCE, "m", 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 dimensions");
  }
}
