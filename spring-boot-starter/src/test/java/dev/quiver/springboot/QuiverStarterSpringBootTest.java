package dev.quiver.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Quiver;
import dev.quiver.springai.QuiverVectorStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A real Spring Boot application context with the starter, over a real store in a temporary directory. */
@SpringBootTest
class QuiverStarterSpringBootTest {
  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class App {
    @Bean
    EmbeddingModel embeddingModel() {
      return new LetterEmbeddingModel();
    }
  }

  @DynamicPropertySource
  static void store(DynamicPropertyRegistry registry) throws IOException {
    Path dir = Files.createTempDirectory("quiver-starter");
    registry.add("quiver.path", () -> dir.resolve("app.quiver").toString());
    registry.add("quiver.model-id", () -> "letters");
    registry.add("quiver.dimensions", () -> LetterEmbeddingModel.DIMENSIONS);
  }

  @Autowired Quiver quiver;
  @Autowired VectorStore vectorStore;
  @Autowired QuiverHealthIndicator health;

  @Test
  void vectorStoreBeanIsQuiversAndWritesToTheQuiverBean() {
    assertThat(vectorStore).isInstanceOf(QuiverVectorStore.class);
    assertThat(((QuiverVectorStore) vectorStore).quiver()).isSameAs(quiver);
    vectorStore.add(List.of(new Document("zebra", "a zebra at the zoo", Map.of("kind", "animal"))));
    assertThat(quiver.get("zebra")).isPresent();
    assertThat(vectorStore.similaritySearch(SearchRequest.builder().query("zoo zebra").topK(1)
        .filterExpression("kind == 'animal'").build())).extracting(Document::getId).containsExactly("zebra");
  }

  @Test
  void healthIsUpWithTheKeywordLagAsADetail() {
    Health h = health.health();
    assertThat(h.getStatus()).isEqualTo(Status.UP);
    assertThat(h.getDetails()).containsEntry("keywordLag", 0L).containsEntry("keywordSide", "READY")
        .containsEntry("dimensions", LetterEmbeddingModel.DIMENSIONS).containsKey("items");
  }
}
