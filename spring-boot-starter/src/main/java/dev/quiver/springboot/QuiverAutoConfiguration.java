package dev.quiver.springboot;

import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.server.QuiverServer;
import dev.quiver.spi.Embedder;
import dev.quiver.spi.KeywordIndex;
import dev.quiver.spi.QuiverListener;
import dev.quiver.springai.QuiverVectorStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.observation.ObservationRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.vectorstore.VectorStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A {@link Quiver} bean from the {@code quiver.*} properties ({@link QuiverProperties}, checked and mapped to a
 * {@link QuiverOptions} bean) when {@code quiver.path} is set, closed when the context closes; it embeds with the
 * application's {@link Embedder} bean when there is one.
 * Beside it, when their frameworks are on the class path: Spring AI's {@link VectorStore}
 * ({@link QuiverVectorStore} over the application's {@code EmbeddingModel}), an Actuator health indicator
 * ({@link QuiverHealthIndicator}, named {@code quiver}) and Micrometer meters ({@link QuiverMetrics}'s gauges, and
 * {@link QuiverMeters} from the store's events). Each backs off when the application defines its own. With
 * {@code quiver.serve.enabled=true}, a {@link QuiverServer} lets other processes (the {@code quiver} command) read
 * the store while the application holds it.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "quiver", name = "path")
@EnableConfigurationProperties(QuiverProperties.class)
public class QuiverAutoConfiguration {

  /**
   * The store's options from {@code quiver.*}: embedding with the application's {@link Embedder} bean when it has
   * one, keeping keywords (unless {@code quiver.keyword=false}) with its {@link KeywordIndex.Factory} bean or
   * Lucene's default. The store's listeners are the application's {@link QuiverListener} beans, in their order,
   * and the meters' when it has a {@code MeterRegistry} bean. An application that defines its own
   * {@code QuiverOptions} bean sets everything but the path.
   */
  @Bean
  @ConditionalOnMissingBean
  public QuiverOptions quiverOptions(QuiverProperties properties, ObjectProvider<Embedder> embedder,
      ObjectProvider<KeywordIndex.Factory> keywordIndex, ObjectProvider<QuiverListener> listenerBeans,
      ObjectProvider<SpiDecorator> decorators) {
    Embedder embedWith = embedder.getIfUnique();
    KeywordIndex.Factory keywords = properties.isKeyword()
        ? keywordIndex.getIfUnique(LuceneKeywordIndex::factory) : null;
    List<QuiverListener> listeners = new ArrayList<>();
    listenerBeans.orderedStream().forEach(listeners::add);
    SpiDecorator decorator = decorators.getIfUnique();
    if (decorator != null) {
      keywords = keywords == null ? null : decorator.keywordIndex(keywords);
      QuiverListener meters = decorator.listener();
      if (meters != null) {
        listeners.add(meters);
      }
    }
    return QuiverOptionsMapper.toOptions(properties, embedWith, keywords, listeners);
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public Quiver quiver(QuiverProperties properties, QuiverOptions options) {
    Path path = properties.getPath();
    if (path == null) {
      throw new InvalidConfigurationPropertyValueException("quiver.path", "", "must name the store file");
    }
    return Quiver.open(path, options);
  }

  /**
   * The store served to other processes on 127.0.0.1, when {@code quiver.serve.enabled=true}. The server depends on
   * the Quiver bean, so the context stops it (and deletes its endpoint file) before it closes the store.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnProperty(prefix = "quiver.serve", name = "enabled", havingValue = "true")
  static class ServeConfiguration {
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    QuiverServer quiverServer(Quiver quiver, QuiverProperties properties) {
      int port = properties.getServe().getPort();
      if (port < 0 || port > 65535) {
        throw new InvalidConfigurationPropertyValueException("quiver.serve.port", port, "must be 0 to 65535");
      }
      return QuiverServer.builder(quiver).port(port).start();
    }
  }

  /** Spring AI's {@code VectorStore} over the Quiver bean. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({VectorStore.class, QuiverVectorStore.class})
  static class SpringAiConfiguration {
    @Bean
    @ConditionalOnMissingBean(VectorStore.class)
    @ConditionalOnBean(EmbeddingModel.class)
    QuiverVectorStore quiverVectorStore(Quiver quiver, EmbeddingModel embeddingModel,
        ObjectProvider<ObservationRegistry> observationRegistry) {
      return QuiverVectorStore.builder(quiver, embeddingModel)
          .observationRegistry(observationRegistry.getIfUnique(() -> ObservationRegistry.NOOP)).build();
    }
  }

  /** Actuator's health of the Quiver bean. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  static class HealthConfiguration {
    @Bean(name = "quiverHealthIndicator")
    @ConditionalOnMissingBean(name = "quiverHealthIndicator")
    QuiverHealthIndicator quiverHealthIndicator(Quiver quiver) {
      return new QuiverHealthIndicator(quiver);
    }
  }

  /**
   * Micrometer gauges of the Quiver bean, which Spring Boot's metrics auto-configuration binds to its registries, and
   * the store's events as timers and counters ({@link QuiverMeters}) when the application has a registry bean.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterBinder.class)
  static class MetricsConfiguration {
    @Bean
    @ConditionalOnMissingBean
    QuiverMetrics quiverMetrics(Quiver quiver) {
      return new QuiverMetrics(quiver);
    }

    /** The meters' listener and keyword-index timer, when the application has a {@code MeterRegistry} bean. */
    @Bean
    @ConditionalOnMissingBean(SpiDecorator.class)
    SpiDecorator quiverSpiTimers(ObjectProvider<MeterRegistry> registry) {
      return new SpiTimers(registry);
    }
  }
}
