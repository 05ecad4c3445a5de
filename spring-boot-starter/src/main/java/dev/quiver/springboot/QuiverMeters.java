package dev.quiver.springboot;

import dev.quiver.Degradation;
import dev.quiver.QuiverEvent;
import dev.quiver.spi.QuiverListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;

/**
 * The store's events as Micrometer meters, each tagged {@code store} with the store's file name:
 *
 * <ul>
 *   <li>{@code quiver.search} timer, tags {@code mode} ({@code hybrid}, {@code vector}, {@code keyword}) and
 *       {@code side}: {@code total} for every search that returned, {@code vector} (the scan) and {@code keyword}
 *       for each side that ran in it;
 *   <li>{@code quiver.index} and {@code quiver.delete} timers: each write call, embedding included;
 *   <li>{@code quiver.embed} timer, tags {@code kind} ({@code documents} or {@code queries}) and {@code model};
 *   <li>{@code quiver.degradations} counter, tags {@code side} and {@code kind} (the {@link Degradation.Reason},
 *       lower case): one per degradation in a search's result;
 *   <li>{@code quiver.quarantines} counter; {@code quiver.rebuilds} counter, tag {@code side}.
 * </ul>
 *
 * Recorded on the thread that did the work, as {@link QuiverListener} says.
 */
final class QuiverMeters implements QuiverListener {
  private final MeterRegistry registry;

  QuiverMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void searched(QuiverEvent.Search event) {
    String store = store(event);
    String mode = lower(event.mode());
    search(store, mode, "total", event.elapsed());
    event.vectorElapsed().ifPresent(d -> search(store, mode, "vector", d));
    event.keywordElapsed().ifPresent(d -> search(store, mode, "keyword", d));
    for (Degradation d : event.degradations()) {
      Counter.builder("quiver.degradations").description("Sides a search asked for that did not fully answer")
          .tag("store", store).tag("side", lower(d.side())).tag("kind", lower(d.reason())).register(registry)
          .increment();
    }
  }

  private void search(String store, String mode, String side, Duration elapsed) {
    Timer.builder("quiver.search").description("Searches that returned, whole (side=total) and per side")
        .tag("store", store).tag("mode", mode).tag("side", side).register(registry).record(elapsed);
  }

  @Override
  public void wrote(QuiverEvent.Write event) {
    boolean index = event.kind() == QuiverEvent.Write.Kind.INDEX;
    Timer.builder(index ? "quiver.index" : "quiver.delete")
        .description(index ? "Index calls that committed, embedding included" : "Delete calls that committed")
        .tag("store", store(event)).register(registry).record(event.elapsed());
  }

  @Override
  public void embedded(QuiverEvent.Embed event) {
    Timer.builder("quiver.embed").description("Embedding texts with the store's embedder").tag("store", store(event))
        .tag("kind", event.kind() == QuiverEvent.Embed.Kind.QUERY ? "queries" : "documents")
        .tag("model", event.modelId()).register(registry).record(event.elapsed());
  }

  @Override
  public void quarantined(QuiverEvent.Quarantine event) {
    Counter.builder("quiver.quarantines").description("Damaged vector files moved to the quarantine directory")
        .tag("store", store(event)).register(registry).increment();
  }

  @Override
  public void rebuilt(QuiverEvent.Rebuild event) {
    Counter.builder("quiver.rebuilds").description("Sides rebuilt: the vector side from source, the keyword side "
        + "from the vector file").tag("store", store(event)).tag("side", lower(event.side())).register(registry)
        .increment();
  }

  private static String store(QuiverEvent event) {
    return String.valueOf(event.store().getFileName());
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "QuiverMeters[" + registry.getClass().getSimpleName() + "]";
  }
}
