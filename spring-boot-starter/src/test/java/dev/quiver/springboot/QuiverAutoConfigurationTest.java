package dev.quiver.springboot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.KeywordSideState;
import dev.quiver.Quiver;
import dev.quiver.server.QuiverClient;
import dev.quiver.server.QuiverServer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class QuiverAutoConfigurationTest {
  @TempDir Path dir;

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(QuiverAutoConfiguration.class))
        .withPropertyValues("quiver.path=" + dir.resolve("s.quiver"), "quiver.model-id=letters",
            "quiver.dimensions=" + LetterEmbeddingModel.DIMENSIONS);
  }

  @Test
  void quiverBeanIsClosedWhenTheContextCloses() {
    AtomicReference<Quiver> opened = new AtomicReference<>();
    runner().run(context -> {
      Quiver quiver = context.getBean(Quiver.class);
      assertThat(quiver.path()).isEqualTo(dir.resolve("s.quiver"));
      assertThat(quiver.status().keywordSide()).isEqualTo(KeywordSideState.READY);
      opened.set(quiver);
    });
    assertThatThrownBy(() -> opened.get().count()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void keywordOffOpensAVectorOnlyStore() {
    runner().withPropertyValues("quiver.keyword=false").run(context ->
        assertThat(context.getBean(Quiver.class).status().keywordSide()).isEqualTo(KeywordSideState.NONE));
  }

  @Test
  void withoutAPathThereIsNoStore() {
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(QuiverAutoConfiguration.class))
        .run(context -> assertThat(context).doesNotHaveBean(Quiver.class));
  }

  @Test
  void vectorStoreNeedsAnEmbeddingModelBean() {
    runner().run(context -> assertThat(context).hasSingleBean(Quiver.class).doesNotHaveBean(VectorStore.class));
    runner().withBean(EmbeddingModel.class, LetterEmbeddingModel::new)
        .run(context -> assertThat(context).hasSingleBean(VectorStore.class));
  }

  @Test
  void storeAtThePrimaryDatabaseIsRefusedAndTheContextDoesNotStart() {
    runner().withPropertyValues("quiver.primary-database=" + dir.resolve("s.quiver"))
        .run(context -> {
          assertThat(context).hasFailed();
          assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("primary");
        });
  }

  @Test
  void serveIsOffByDefault() {
    runner().run(context -> {
      assertThat(context).hasSingleBean(Quiver.class).doesNotHaveBean(QuiverServer.class);
      assertThat(dir.resolve("s.quiver-endpoint")).doesNotExist();
    });
  }

  @Test
  void serveEnabledAnswersTheStoreAndStopsBeforeTheStoreCloses() {
    AtomicReference<Quiver> opened = new AtomicReference<>();
    runner().withPropertyValues("quiver.serve.enabled=true").run(context -> {
      Quiver quiver = context.getBean(Quiver.class);
      opened.set(quiver);
      QuiverServer server = context.getBean(QuiverServer.class);
      assertThat(server.endpointFile()).isEqualTo(dir.resolve("s.quiver-endpoint")).exists();
      assertThat(server.endpoint().host()).isEqualTo("127.0.0.1");
      try (QuiverClient client = QuiverClient.connect(dir.resolve("s.quiver"))) {
        assertThat(client.status()).isEqualTo(quiver.status());
        assertThat(client.count()).isEqualTo(quiver.count());
      }
    });
    // the server went first: the endpoint file is gone and the store is closed
    assertThat(dir.resolve("s.quiver-endpoint")).doesNotExist();
    assertThatThrownBy(() -> opened.get().count()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aServePortOutOfRangeNamesTheProperty() {
    runner().withPropertyValues("quiver.serve.enabled=true", "quiver.serve.port=70000").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).hasStackTraceContaining("quiver.serve.port");
    });
  }
}
