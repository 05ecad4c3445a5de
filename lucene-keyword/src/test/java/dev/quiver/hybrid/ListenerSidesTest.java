package dev.quiver.hybrid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Degradation;
import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverEvent;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.Side;
import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.spi.KeywordIndex;
import dev.quiver.spi.QuiverListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener's search events on a store with both sides (real Lucene): each side's time where it ran, and a
 * keyword side that fails mid-search reported as its degradation, then as a keyword rebuild on the healing thread.
 */
class ListenerSidesTest {
  @TempDir Path dir;

  private final List<QuiverEvent.Search> searches = new CopyOnWriteArrayList<>();
  private final BlockingQueue<QuiverEvent.Rebuild> rebuilds = new LinkedBlockingQueue<>();
  private final QuiverListener listener = new QuiverListener() {
    @Override
    public void searched(QuiverEvent.Search event) {
      searches.add(event);
    }

    @Override
    public void rebuilt(QuiverEvent.Rebuild event) {
      rebuilds.add(event);
    }
  };

  private Quiver open(KeywordIndex.Factory keywords) {
    return Quiver.open(dir.resolve("chat.quiver"), QuiverOptions.builder().embedder(new HashingEmbedder())
        .keywordIndex(keywords).addListener(listener).build());
  }

  private static List<Item> corpus() {
    List<Item> items = new ArrayList<>();
    items.add(Item.of("kb:1", "the zeppelin procedure for release day"));
    for (int i = 0; i < 20; i++) {
      items.add(Item.of("msg:" + i, "message " + i + " about lunch and the weather"));
    }
    return items;
  }

  @Test
  void eachModeReportsTheSidesThatRanAndTheirTimes() {
    try (Quiver quiver = open(LuceneKeywordIndex.factory())) {
      quiver.index(corpus());
      SearchResult hybrid = quiver.search(SearchRequest.of("zeppelin procedure").limit(3));
      quiver.search(SearchRequest.of("zeppelin").mode(SearchMode.KEYWORD));
      quiver.search(SearchRequest.of("zeppelin").mode(SearchMode.VECTOR).filter(Filter.eq("room", "none")));

      assertThat(searches).extracting(QuiverEvent.Search::mode)
          .containsExactly(SearchMode.HYBRID, SearchMode.KEYWORD, SearchMode.VECTOR);
      QuiverEvent.Search both = searches.get(0);
      assertThat(both.answered()).containsExactlyInAnyOrder(Side.VECTOR, Side.KEYWORD);
      assertThat(both.hits()).isEqualTo(hybrid.hits().size()).isEqualTo(3);
      assertThat(both.degradations()).isEmpty();
      assertThat(both.vectorElapsed()).hasValueSatisfying(d -> assertThat(d).isPositive());
      assertThat(both.keywordElapsed()).hasValueSatisfying(d -> assertThat(d).isPositive());
      assertThat(both.elapsed(Side.KEYWORD)).isEqualTo(both.keywordElapsed());
      assertThat(both.elapsed()).isGreaterThanOrEqualTo(both.keywordElapsed().orElseThrow()
          .plus(both.vectorElapsed().orElseThrow()));

      assertThat(searches.get(1).vectorElapsed()).isEmpty();
      assertThat(searches.get(1).keywordElapsed()).isPresent();
      assertThat(searches.get(1).hits()).isEqualTo(1);
      assertThat(searches.get(2).vectorElapsed()).isPresent();
      assertThat(searches.get(2).keywordElapsed()).isEmpty();
      assertThat(searches.get(2).hits()).isZero(); // the filter matched nothing; that is no degradation
      assertThat(searches.get(2).degradations()).isEmpty();
    }
  }

  @Test
  void aKeywordSideFailingMidSearchIsReportedAsItsDegradationThenAsAKeywordRebuild() throws Exception {
    AtomicBoolean failNext = new AtomicBoolean();
    KeywordIndex.Factory lucene = LuceneKeywordIndex.factory();
    try (Quiver quiver = open(directory -> new FailingSearch(lucene.open(directory), failNext))) {
      quiver.index(corpus());
      failNext.set(true);
      SearchResult result = quiver.search(SearchRequest.of("zeppelin procedure").limit(3));
      assertThat(result.answered()).containsExactly(Side.VECTOR);

      QuiverEvent.Search search = searches.get(0);
      assertThat(search.keywordElapsed()).isPresent(); // it ran, and failed
      assertThat(search.answered()).containsExactly(Side.VECTOR);
      assertThat(search.degradations()).extracting(Degradation::side, Degradation::reason)
          .contains(org.assertj.core.groups.Tuple.tuple(Side.KEYWORD, Degradation.Reason.FAILED));

      QuiverEvent.Rebuild rebuild = rebuilds.poll(60, TimeUnit.SECONDS); // the healing thread's own pace
      assertThat(rebuild).isNotNull();
      assertThat(rebuild.side()).isEqualTo(Side.KEYWORD);
      assertThat(rebuild.items()).isEqualTo(corpus().size());
      assertThat(quiver.search(SearchRequest.of("zeppelin").mode(SearchMode.KEYWORD)).hits()).hasSize(1);
    }
  }

  /** Lucene's index, whose reader fails one search when asked to: a keyword side that breaks while answering. */
  private record FailingSearch(KeywordIndex delegate, AtomicBoolean failNext) implements KeywordIndex {
    @Override
    public long appliedSequence() throws IOException {
      return delegate.appliedSequence();
    }

    @Override
    public void apply(Collection<Item> upserts, Collection<String> deletedIds, long sequence) throws IOException {
      delegate.apply(upserts, deletedIds, sequence);
    }

    @Override
    public void clear() throws IOException {
      delegate.clear();
    }

    @Override
    public String boundStore() throws IOException {
      return delegate.boundStore();
    }

    @Override
    public void bindStore(String storeId) throws IOException {
      delegate.bindStore(storeId);
    }

    @Override
    public Reader reader() throws IOException {
      Reader reader = delegate.reader();
      return new Reader() {
        @Override
        public long sequence() {
          return reader.sequence();
        }

        @Override
        public List<ScoredId> search(String query, int limit, Filter filter) throws IOException {
          if (failNext.compareAndSet(true, false)) {
            throw new IOException("read past EOF: _0.cfs (the index under the search went bad)");
          }
          return reader.search(query, limit, filter);
        }

        @Override
        public Optional<Item> get(String id) throws IOException {
          return reader.get(id);
        }

        @Override
        public void forEach(Consumer<Item> consumer) throws IOException {
          reader.forEach(consumer);
        }

        @Override
        public int count() {
          return reader.count();
        }

        @Override
        public void close() throws IOException {
          reader.close();
        }
      };
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }
}
