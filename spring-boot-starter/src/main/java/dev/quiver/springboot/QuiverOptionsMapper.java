package dev.quiver.springboot;

import dev.quiver.Fusion;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchRequest;
import dev.quiver.spi.Embedder;
import dev.quiver.spi.KeywordIndex;
import dev.quiver.spi.QuiverListener;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Turns {@link QuiverProperties} into {@link QuiverOptions}. Every value is checked here, before the store is
 * opened, so that a bad one stops the application with Spring Boot's own "Invalid value" report naming the
 * property, rather than with core's message, which knows nothing of {@code quiver.*} names.
 */
final class QuiverOptionsMapper {
  static final double DEFAULT_VECTOR_WEIGHT = 0.5;
  static final int DEFAULT_RRF_K = 60;

  private QuiverOptionsMapper() {}

  /**
   * The options for {@code properties}, embedding with {@code embedder} and keeping keywords with
   * {@code keywordIndex} (null: vector-only) when given.
   *
   * @throws InvalidConfigurationPropertyValueException naming the first property with a bad value
   */
  static QuiverOptions toOptions(QuiverProperties properties, @Nullable Embedder embedder,
      KeywordIndex.@Nullable Factory keywordIndex, List<QuiverListener> listeners) {
    int window = properties.getCandidateWindow();
    if (window < 1 || window > SearchRequest.MAX_LIMIT) {
      throw invalid("quiver.candidate-window", window, "must be 1 to " + SearchRequest.MAX_LIMIT);
    }
    int dimensions = properties.getDimensions();
    if (dimensions < 0) {
      throw invalid("quiver.dimensions", dimensions, "must be at least 1, or 0 for the embedder's or the file's");
    }
    if (embedder != null && dimensions != 0 && dimensions != embedder.dimensions()) {
      throw invalid("quiver.dimensions", dimensions, "the Embedder bean (" + embedder.modelId() + ") returns "
          + embedder.dimensions() + "; leave it unset");
    }
    String modelId = properties.getModelId();
    if (embedder != null && modelId != null && !modelId.equals(embedder.modelId())) {
      throw invalid("quiver.model-id", modelId, "the Embedder bean is " + embedder.modelId() + "; leave it unset");
    }
    QuiverOptions.Builder options = QuiverOptions.builder()
        .embedder(embedder)
        .keywordIndex(keywordIndex)
        .primaryDatabase(properties.getPrimaryDatabase())
        .modelId(modelId)
        .dimensions(dimensions)
        .fusion(fusion(properties.getFusion()))
        .candidateWindow(window)
        .fullSync(properties.isFullSync());
    listeners.forEach(options::addListener);
    return options.build();
  }

  /** {@code quiver.fusion.*} as a {@link Fusion}; a parameter set for the method that has no use for it is refused. */
  static Fusion fusion(QuiverProperties.Fusion fusion) {
    QuiverProperties.FusionMethod method = Objects.requireNonNull(fusion.getMethod(), "quiver.fusion.method");
    if (method == QuiverProperties.FusionMethod.RRF) {
      if (fusion.getVectorWeight() != null) {
        throw invalid("quiver.fusion.vector-weight", fusion.getVectorWeight(),
            "rrf fuses by rank and has no weights; set quiver.fusion.rrf-k, or method z-score or min-max");
      }
      int k = fusion.getRrfK() == null ? DEFAULT_RRF_K : fusion.getRrfK();
      if (k < 0) {
        throw invalid("quiver.fusion.rrf-k", k, "must be at least 0");
      }
      return Fusion.rrf(k);
    }
    if (fusion.getRrfK() != null) {
      throw invalid("quiver.fusion.rrf-k", fusion.getRrfK(), "is for quiver.fusion.method=rrf; this method is "
          + method.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + ", set its vector-weight instead");
    }
    double weight = fusion.getVectorWeight() == null ? DEFAULT_VECTOR_WEIGHT : fusion.getVectorWeight();
    if (!(weight >= 0 && weight <= 1)) { // NaN fails both
      throw invalid("quiver.fusion.vector-weight", weight, "must be in [0, 1]; the keyword side gets 1 - weight");
    }
    return method == QuiverProperties.FusionMethod.MIN_MAX ? Fusion.minMax(weight) : Fusion.zScore(weight);
  }

  private static InvalidConfigurationPropertyValueException invalid(String name, Object value, String reason) {
    return new InvalidConfigurationPropertyValueException(name, value, reason);
  }
}
