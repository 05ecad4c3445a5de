package dev.quiver.springboot;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.spi.KeywordIndex;
import dev.quiver.spi.QuiverListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The meters, when the application has a {@code MeterRegistry} bean: {@link QuiverMeters} as the store's listener
 * (searches per mode and side, writes, embedding, degradations, quarantines, rebuilds), and a timer the store's
 * events do not give, {@code quiver.keyword.apply} (each batch of changes applied to the keyword index: a write, a
 * replay or a rebuild batch), tagged {@code outcome} = success or error. Without a registry the store gets no
 * listener and its keyword index as it is.
 */
final class SpiTimers implements SpiDecorator {
  private final ObjectProvider<MeterRegistry> registry;

  SpiTimers(ObjectProvider<MeterRegistry> registry) {
    this.registry = registry;
  }

  @Override
  public @Nullable QuiverListener listener() {
    MeterRegistry meters = registry.getIfUnique();
    return meters == null ? null : new QuiverMeters(meters);
  }

  @Override
  public KeywordIndex.Factory keywordIndex(KeywordIndex.Factory factory) {
    MeterRegistry meters = registry.getIfUnique();
    if (meters == null) {
      return factory;
    }
    return directory -> new TimedKeywordIndex(factory.open(directory), meters);
  }

  /** The keyword index, with its applied batches timed; everything else forwarded. */
  private static final class TimedKeywordIndex implements KeywordIndex {
    private final KeywordIndex delegate;
    private final MeterRegistry meters;

    TimedKeywordIndex(KeywordIndex delegate, MeterRegistry meters) {
      this.delegate = delegate;
      this.meters = meters;
    }

    @Override
    public long appliedSequence() throws IOException {
      return delegate.appliedSequence();
    }

    @Override
    public void apply(Collection<Item> upserts, Collection<String> deletedIds, long sequence) throws IOException {
      long started = System.nanoTime();
      String outcome = "error";
      try {
        delegate.apply(upserts, deletedIds, sequence);
        outcome = "success";
      } finally {
        Timer.builder("quiver.keyword.apply").description("Applying a batch of changes to the keyword index")
            .tag("outcome", outcome).register(meters)
            .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
      }
    }

    @Override
    public void clear() throws IOException {
      delegate.clear();
    }

    @Override
    public @Nullable String boundStore() throws IOException {
      return delegate.boundStore();
    }

    @Override
    public void bindStore(String storeId) throws IOException {
      delegate.bindStore(storeId);
    }

    @Override
    public Reader reader() throws IOException {
      return delegate.reader();
    }

    @Override
    public List<ScoredId> search(String query, int limit, Filter filter) throws IOException {
      return delegate.search(query, limit, filter);
    }

    @Override
    public Optional<Item> get(String id) throws IOException {
      return delegate.get(id);
    }

    @Override
    public int count() throws IOException {
      return delegate.count();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }
}
