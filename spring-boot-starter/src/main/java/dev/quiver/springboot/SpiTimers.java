package dev.quiver.springboot;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.spi.Embedder;
import dev.quiver.spi.KeywordIndex;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Micrometer timers around the two SPIs a store calls out to, since core has no listener hook: {@code quiver.embed}
 * (tags {@code kind} = documents, queries or texts, and {@code model}) and the keyword side's {@code
 * quiver.keyword.search} and {@code quiver.keyword.apply} (each write, replay or rebuild batch), each tagged {@code
 * outcome} = success or error. The vector side's own scan is inside core and is not timed. Without a
 * {@code MeterRegistry} bean the SPIs are returned as they are.
 */
final class SpiTimers implements SpiDecorator {
  private final ObjectProvider<MeterRegistry> registry;

  SpiTimers(ObjectProvider<MeterRegistry> registry) {
    this.registry = registry;
  }

  @Override
  public Embedder embedder(Embedder embedder) {
    MeterRegistry meters = registry.getIfUnique();
    return meters == null ? embedder : new TimedEmbedder(embedder, meters);
  }

  @Override
  public KeywordIndex.Factory keywordIndex(KeywordIndex.Factory factory) {
    MeterRegistry meters = registry.getIfUnique();
    if (meters == null) {
      return factory;
    }
    return directory -> new TimedKeywordIndex(factory.open(directory), meters);
  }

  private static <T> T time(MeterRegistry meters, String name, String description, Callable<T> call,
      String... tags) throws IOException {
    long started = System.nanoTime();
    String outcome = "error";
    try {
      T result = call.call();
      outcome = "success";
      return result;
    } catch (IOException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      Timer.builder(name).description(description).tags(tags).tag("outcome", outcome).register(meters)
          .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  /** The application's embedder, timed; every call is forwarded as it came, so model-specific prefixes stay. */
  private static final class TimedEmbedder implements Embedder {
    private final Embedder delegate;
    private final MeterRegistry meters;

    TimedEmbedder(Embedder delegate, MeterRegistry meters) {
      this.delegate = delegate;
      this.meters = meters;
    }

    @Override
    public String modelId() {
      return delegate.modelId();
    }

    @Override
    public int dimensions() {
      return delegate.dimensions();
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      return timed("texts", () -> delegate.embed(texts));
    }

    @Override
    public List<float[]> embedDocuments(List<String> texts) {
      return timed("documents", () -> delegate.embedDocuments(texts));
    }

    @Override
    public List<float[]> embedQueries(List<String> texts) {
      return timed("queries", () -> delegate.embedQueries(texts));
    }

    private List<float[]> timed(String kind, Callable<List<float[]>> call) {
      try {
        return time(meters, "quiver.embed", "Embedding texts with the store's embedder", call, "kind", kind,
            "model", delegate.modelId());
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e); // embedders throw no checked exception; not reached
      }
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }

  /** The keyword index, with its searches and applied batches timed; everything else forwarded. */
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
      time(meters, "quiver.keyword.apply", "Applying a batch of changes to the keyword index", () -> {
        delegate.apply(upserts, deletedIds, sequence);
        return null;
      });
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
      return new TimedReader(delegate.reader(), meters);
    }

    @Override
    public List<ScoredId> search(String query, int limit, Filter filter) throws IOException {
      return time(meters, "quiver.keyword.search", "The keyword side of a search",
          () -> delegate.search(query, limit, filter));
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

  private static final class TimedReader implements KeywordIndex.Reader {
    private final KeywordIndex.Reader delegate;
    private final MeterRegistry meters;

    TimedReader(KeywordIndex.Reader delegate, MeterRegistry meters) {
      this.delegate = delegate;
      this.meters = meters;
    }

    @Override
    public long sequence() {
      return delegate.sequence();
    }

    @Override
    public List<KeywordIndex.ScoredId> search(String query, int limit, Filter filter) throws IOException {
      return time(meters, "quiver.keyword.search", "The keyword side of a search",
          () -> delegate.search(query, limit, filter));
    }

    @Override
    public Optional<Item> get(String id) throws IOException {
      return delegate.get(id);
    }

    @Override
    public void forEach(Consumer<Item> consumer) throws IOException {
      delegate.forEach(consumer);
    }

    @Override
    public int count() {
      return delegate.count();
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }
}
