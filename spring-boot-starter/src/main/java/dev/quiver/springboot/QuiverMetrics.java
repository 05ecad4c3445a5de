package dev.quiver.springboot;

import dev.quiver.KeywordSideState;
import dev.quiver.Quiver;
import dev.quiver.VectorSideState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * Gauges of a store's state, read from {@link Quiver#status()} when the registry polls them (it never waits for a
 * write or a rebuild), each tagged {@code store} with the store's file name:
 *
 * <ul>
 *   <li>{@code quiver.items}, {@code quiver.vectors}: live items in the vector file, and those with a vector;
 *   <li>{@code quiver.keyword.items}, {@code quiver.keyword.lag}: items in the keyword index, and committed changes
 *       it has not applied yet;
 *   <li>{@code quiver.lost.commits}: changes the vector file lost and could not restore;
 *   <li>{@code quiver.store.size} (bytes): the vector file on disk;
 *   <li>{@code quiver.side.ready} with tag {@code side} ({@code vector}, and {@code keyword} when the store has a
 *       keyword index): 1 while that side answers searches, else 0;
 *   <li>{@code quiver.degraded}: how many things searches lack right now (the health's {@code degraded} detail).
 * </ul>
 *
 * A value that cannot be known (no vector file open, the keyword index not answering, the store closed) is NaN.
 * Timers and counters of what the store does (searches per mode and side, writes, embedding, degradations,
 * quarantines, rebuilds) come from its events, through {@link QuiverMeters}.
 */
public class QuiverMetrics implements MeterBinder {
  private final Quiver quiver;

  public QuiverMetrics(Quiver quiver) {
    this.quiver = quiver;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Tags tags = Tags.of("store", String.valueOf(quiver.path().getFileName()));
    gauge(registry, "quiver.items", "Live items in the vector file", tags, null,
        s -> s.vectors() == null ? Double.NaN : s.vectors().items());
    gauge(registry, "quiver.vectors", "Live items with a vector", tags, null,
        s -> s.vectors() == null ? Double.NaN : s.vectors().vectors());
    gauge(registry, "quiver.keyword.items", "Items in the keyword index", tags, null,
        s -> s.keywordItems() < 0 ? Double.NaN : s.keywordItems());
    gauge(registry, "quiver.keyword.lag", "Committed changes the keyword index has not applied", tags, null,
        Quiver.Status::keywordLag);
    gauge(registry, "quiver.lost.commits", "Changes the vector file lost and could not restore", tags, null,
        Quiver.Status::lostCommits);
    gauge(registry, "quiver.store.size", "The vector file's size on disk", tags, BaseUnits.BYTES,
        s -> s.vectors() == null ? Double.NaN : s.vectors().fileBytes());
    gauge(registry, "quiver.degraded", "Things searches lack right now", tags, null,
        s -> Degradations.of(s).size());
    gauge(registry, "quiver.side.ready", "1 while the side answers searches", tags.and("side", "vector"), null,
        s -> s.vectorSide() == VectorSideState.READY || s.vectorSide() == VectorSideState.EMPTY ? 1 : 0);
    Quiver.Status now = status();
    if (now != null && now.keywordSide() != KeywordSideState.NONE) {
      gauge(registry, "quiver.side.ready", "1 while the side answers searches", tags.and("side", "keyword"), null,
          s -> s.keywordSide() == KeywordSideState.READY ? 1 : 0);
    }
  }

  private void gauge(MeterRegistry registry, String name, String description, Tags tags, @Nullable String baseUnit,
      ToDoubleFunction<Quiver.Status> value) {
    Gauge.builder(name, this, m -> {
      Quiver.Status status = m.status();
      return status == null ? Double.NaN : value.applyAsDouble(status);
    }).description(description).tags(tags).baseUnit(baseUnit).strongReference(true).register(registry);
  }

  /** The store's status, or null once it is closed (a registry may poll after the context has closed it). */
  private Quiver.@Nullable Status status() {
    try {
      return quiver.status();
    } catch (IllegalStateException closed) {
      return null;
    }
  }
}
