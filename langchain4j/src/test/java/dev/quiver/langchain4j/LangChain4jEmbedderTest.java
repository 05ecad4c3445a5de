package dev.quiver.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.List;
import org.junit.jupiter.api.Test;

class LangChain4jEmbedderTest {
  /** A model that does not name itself, with vectors of {@code length} floats. */
  private static EmbeddingModel model(int length) {
    return new EmbeddingModel() {
      @Override
      public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        return Response.from(segments.stream().map(s -> Embedding.from(new float[length])).toList());
      }

      @Override
      public int dimension() {
        return 3;
      }
    };
  }

  @Test
  void aModelThatDoesNotNameItselfNeedsAnId() {
    assertThatThrownBy(() -> LangChain4jEmbedder.of(model(3))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not name itself");
    LangChain4jEmbedder embedder = LangChain4jEmbedder.of(model(3), "stub-3");
    assertThat(embedder.modelId()).isEqualTo("stub-3");
    assertThat(embedder.dimensions()).isEqualTo(3);
    assertThat(embedder.embed(List.of("a", "b"))).hasSize(2).allSatisfy(v -> assertThat(v).hasSize(3));
  }

  @Test
  void aVectorOfAnotherLengthThanReportedIsRefused() {
    assertThatThrownBy(() -> LangChain4jEmbedder.of(model(4), "stub").embed(List.of("a")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("4 dimensions; it reported 3");
  }
}
