package dev.quiver.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.spi.Embedder;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/** The gauges over real stores, and what the starter does when Micrometer or Actuator is absent. */
class QuiverMetricsTest {
  @TempDir Path dir;

  private Path store() {
    return dir.resolve("chat.quiver");
  }

  private ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(QuiverAutoConfiguration.class))
        .withBean(Embedder.class, LetterEmbedder::new)
        .withPropertyValues("quiver.path=" + store());
  }

  /** What Spring Boot's metrics auto-configuration does with a {@code MeterBinder} bean. */
  private static MeterRegistry bound(ApplicationContext context) {
    MeterRegistry registry = new SimpleMeterRegistry();
    context.getBean(QuiverMetrics.class).bindTo(registry);
    return registry;
  }

  private static double gauge(MeterRegistry registry, String name, String... tags) {
    return registry.get(name).tag("store", "chat.quiver").tags(tags).gauge().value();
  }

  private static List<Item> messages() {
    return List.of(Item.of("m1", "the deploy is on friday"), Item.of("m2", "lunch at noon"), Item.of("m3", null));
  }

  @Test
  void gaugesFollowTheStoreAsItChanges() {
    runner().run(context -> {
      MeterRegistry registry = bound(context);
      assertThat(gauge(registry, "quiver.items")).isZero();
      Quiver quiver = context.getBean(Quiver.class);
      quiver.index(messages());
      assertThat(gauge(registry, "quiver.items")).isEqualTo(3);
      assertThat(gauge(registry, "quiver.vectors")).isEqualTo(2); // the item without text has no vector
      assertThat(gauge(registry, "quiver.keyword.items")).isEqualTo(3);
      assertThat(gauge(registry, "quiver.keyword.lag")).isZero();
      assertThat(gauge(registry, "quiver.lost.commits")).isZero();
      assertThat(gauge(registry, "quiver.store.size")).isEqualTo(quiver.status().vectors().fileBytes()).isPositive();
      assertThat(registry.get("quiver.store.size").gauge().getId().getBaseUnit()).isEqualTo("bytes");
      assertThat(gauge(registry, "quiver.degraded")).isZero();
      assertThat(gauge(registry, "quiver.side.ready", "side", "vector")).isEqualTo(1);
      assertThat(gauge(registry, "quiver.side.ready", "side", "keyword")).isEqualTo(1);
      quiver.delete("m1");
      assertThat(gauge(registry, "quiver.items")).isEqualTo(2);
    });
  }

  @Test
  void aDamagedVectorFileShowsAsANotReadySideAndADegradation() throws Exception {
    runner().run(context -> context.getBean(Quiver.class).index(messages()));
    Files.write(store(), new byte[0]);
    runner().run(context -> {
      MeterRegistry registry = bound(context);
      assertThat(gauge(registry, "quiver.side.ready", "side", "vector")).isZero();
      assertThat(gauge(registry, "quiver.side.ready", "side", "keyword")).isEqualTo(1);
      assertThat(gauge(registry, "quiver.items")).isNaN(); // no vector file is open
      assertThat(gauge(registry, "quiver.keyword.items")).isEqualTo(3);
      assertThat(gauge(registry, "quiver.degraded")).isEqualTo(1);
    });
  }

  @Test
  void aClosedStoreReadsAsNaNNotAnError() {
    MeterRegistry[] registry = new MeterRegistry[1];
    runner().run(context -> registry[0] = bound(context));
    assertThat(gauge(registry[0], "quiver.items")).isNaN();
    assertThat(gauge(registry[0], "quiver.side.ready", "side", "vector")).isNaN();
  }

  @Test
  void aVectorOnlyStoreHasNoKeywordSideGauge() {
    runner().withPropertyValues("quiver.keyword=false").run(context -> {
      MeterRegistry registry = bound(context);
      assertThat(registry.find("quiver.side.ready").gauges()).extracting(g -> g.getId().getTag("side"))
          .containsExactly("vector");
      assertThat(gauge(registry, "quiver.keyword.items")).isNaN();
    });
  }

  @Test
  void withoutMicrometerThereAreNoMetersAndWithoutActuatorNoHealth() {
    runner().withClassLoader(new FilteredClassLoader("io.micrometer.core")).run(context -> assertThat(context)
        .hasNotFailed().hasSingleBean(Quiver.class).doesNotHaveBean(QuiverMetrics.class)
        .doesNotHaveBean(SpiDecorator.class).hasSingleBean(QuiverHealthIndicator.class));
    runner().withClassLoader(new FilteredClassLoader(HealthIndicator.class)).run(context -> assertThat(context)
        .hasNotFailed().hasSingleBean(QuiverMetrics.class).doesNotHaveBean(QuiverHealthIndicator.class));
  }

  /** Spring AI's own observations time the VectorStore bean's calls once the registry turns them into meters. */
  @Test
  void theVectorStoreBeansOperationsAreTimedThroughTheApplicationsObservationRegistry() {
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(QuiverAutoConfiguration.class))
        .withBean(EmbeddingModel.class, LetterEmbeddingModel::new)
        .withBean(ObservationRegistry.class, () -> observations)
        .withPropertyValues("quiver.path=" + store(), "quiver.model-id=letters",
            "quiver.dimensions=" + LetterEmbeddingModel.DIMENSIONS)
        .run(context -> {
          VectorStore store = context.getBean(VectorStore.class);
          store.add(List.of(new Document("d1", "a zebra at the zoo", Map.of())));
          store.similaritySearch(SearchRequest.builder().query("zebra").topK(1).build());
          List<Timer> timers = List.copyOf(meters.find("db.vector.client.operation").timers());
          assertThat(timers).extracting(t -> t.getId().getTag("db.operation.name"))
              .contains("add", "query");
          assertThat(timers).allSatisfy(t -> assertThat(t.count()).isEqualTo(1));
          assertThat(meters.getMeters()).extracting(Meter::getId).noneMatch(id -> id.getName().startsWith("quiver."));
        });
  }

  /** The store's events become timers tagged by mode and side, after real writes and searches. */
  @Test
  void withAMeterRegistryBeanSearchesWritesAndEmbeddingAreTimed() {
    runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      Quiver quiver = context.getBean(Quiver.class);
      quiver.index(messages());
      assertThat(quiver.search("deploy friday").hits()).extracting(dev.quiver.Hit::id).first().isEqualTo("m1");
      quiver.search(keywordOnly("lunch"));
      quiver.delete("m2");

      assertThat(timer(meters, "quiver.search", "mode", "hybrid", "side", "total").count()).isEqualTo(1);
      assertThat(timer(meters, "quiver.search", "mode", "hybrid", "side", "vector").count()).isEqualTo(1);
      assertThat(timer(meters, "quiver.search", "mode", "hybrid", "side", "keyword").count()).isEqualTo(1);
      assertThat(timer(meters, "quiver.search", "mode", "keyword", "side", "total").count()).isEqualTo(1);
      assertThat(timer(meters, "quiver.search", "mode", "keyword", "side", "keyword").count()).isEqualTo(1);
      assertThat(meters.find("quiver.search").tags("mode", "keyword", "side", "vector").timer()).isNull();
      assertThat(timer(meters, "quiver.search", "mode", "hybrid", "side", "total").totalTime(TimeUnit.NANOSECONDS))
          .isGreaterThanOrEqualTo(timer(meters, "quiver.search", "mode", "hybrid", "side", "vector")
              .totalTime(TimeUnit.NANOSECONDS));
      assertThat(timer(meters, "quiver.index").count()).isEqualTo(1);
      assertThat(timer(meters, "quiver.delete").count()).isEqualTo(1);
      assertThat(timer(meters, "quiver.embed", "kind", "documents", "model", "letters").count()).isEqualTo(1);
      assertThat(timer(meters, "quiver.embed", "kind", "queries", "model", "letters").count()).isEqualTo(1);
      assertThat(meters.get("quiver.keyword.apply").tag("outcome", "success").timer().count()).isEqualTo(2);
      assertThat(meters.find("quiver.degradations").counters()).isEmpty(); // both sides answered every search
      assertThat(meters.find("quiver.keyword.search").timers()).isEmpty(); // now quiver.search side=keyword
    });
    // the wrapped index still records which vector file it belongs to: reopening pairs them as before
    runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(Quiver.class).status().keywordItems()).isEqualTo(2);
      assertThat(context.getBean(Quiver.class).verify()).isEmpty();
    });
  }

  @Test
  void aDamagedVectorFileIsCountedAsDegradationsThenAQuarantineThenARebuild() throws Exception {
    runner().run(context -> context.getBean(Quiver.class).index(messages()));
    Files.write(store(), new byte[0]);
    runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
      MeterRegistry meters = context.getBean(MeterRegistry.class);
      Quiver quiver = context.getBean(Quiver.class);
      assertThat(quiver.search("deploy").answered()).containsExactly(dev.quiver.Side.KEYWORD);
      assertThat(meters.get("quiver.degradations").tags("store", "chat.quiver", "side", "vector", "kind", "damaged")
          .counter().count()).isEqualTo(1);
      assertThat(meters.find("quiver.search").tags("mode", "hybrid", "side", "vector").timer()).isNull();
      assertThat(timer(meters, "quiver.search", "mode", "hybrid", "side", "keyword").count()).isEqualTo(1);

      quiver.index(Item.of("m4", "a new message"));
      assertThat(meters.get("quiver.quarantines").tag("store", "chat.quiver").counter().count()).isEqualTo(1);
      quiver.search("deploy");
      assertThat(meters.get("quiver.degradations").tags("side", "vector", "kind", "quarantined").counter().count())
          .isEqualTo(1);

      quiver.rebuild(messages().iterator(), 3, null);
      assertThat(meters.get("quiver.rebuilds").tags("store", "chat.quiver", "side", "vector").counter().count())
          .isEqualTo(1);
      assertThat(quiver.search("deploy").degradations()).isEmpty();
      assertThat(meters.find("quiver.degradations").counters()).extracting(c -> c.getId().getTag("kind"))
          .containsExactlyInAnyOrder("damaged", "quarantined");
    });
  }

  @Test
  void theApplicationsOwnListenerBeansHearTheStoreBesideTheMeters() {
    List<dev.quiver.QuiverEvent> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    dev.quiver.spi.QuiverListener own = new dev.quiver.spi.QuiverListener() {
      @Override
      public void searched(dev.quiver.QuiverEvent.Search event) {
        heard.add(event);
      }
    };
    runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withBean(dev.quiver.spi.QuiverListener.class, () -> own).run(context -> {
          context.getBean(Quiver.class).search("anything");
          assertThat(heard).hasSize(1);
          assertThat(context.getBean(dev.quiver.QuiverOptions.class).listeners()).hasSize(2).first().isSameAs(own);
        });
  }

  private static Timer timer(MeterRegistry meters, String name, String... tags) {
    return meters.get(name).tag("store", "chat.quiver").tags(tags).timer();
  }

  private static dev.quiver.SearchRequest keywordOnly(String text) {
    return dev.quiver.SearchRequest.of(text).mode(dev.quiver.SearchMode.KEYWORD);
  }

  @Test
  void withoutAMeterRegistryBeanTheStoreGetsTheApplicationsOwnEmbedder() {
    LetterEmbedder own = new LetterEmbedder();
    new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(QuiverAutoConfiguration.class))
        .withBean(Embedder.class, () -> own).withPropertyValues("quiver.path=" + store())
        .run(context -> {
          assertThat(context.getBean(dev.quiver.QuiverOptions.class).embedder()).isSameAs(own);
          assertThat(context.getBean(dev.quiver.QuiverOptions.class).listeners()).isEmpty();
        });
  }
}
