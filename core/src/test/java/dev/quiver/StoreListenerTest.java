package dev.quiver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.spi.Embedder;
import dev.quiver.spi.QuiverListener;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listener SPI on real vector-only stores: each event arrives once, with the mode, sides and counts of what
 * the store did, and a listener that throws breaks nothing. (The keyword side's times are covered beside Lucene.)
 */
class StoreListenerTest {
  @TempDir Path dir;

  private Path store() {
    return dir.resolve("chat.quiver");
  }

  private Quiver open(QuiverListener... listeners) {
    QuiverOptions.Builder options = QuiverOptions.builder().embedder(new LetterEmbedder()).searchParallelism(1);
    for (QuiverListener listener : listeners) {
      options.addListener(listener);
    }
    return Quiver.open(store(), options.build());
  }

  private static List<Item> messages() {
    return List.of(Item.of("m1", "the deploy is on friday"), Item.of("m2", "lunch at noon"), Item.of("m3", null));
  }

  @Test
  void anIndexReportsTheWriteAndTheEmbeddingOfTheTextsItHad() {
    Recorder events = new Recorder();
    try (Quiver quiver = open(events)) {
      quiver.index(messages());
    }
    assertThat(events.of(QuiverEvent.Embed.class)).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(QuiverEvent.Embed.Kind.DOCUMENTS);
      assertThat(e.texts()).isEqualTo(2); // the item without text is not embedded
      assertThat(e.modelId()).isEqualTo("letters");
      assertThat(e.elapsed()).isPositive();
    });
    assertThat(events.of(QuiverEvent.Write.class)).singleElement().satisfies(e -> {
      assertThat(e.kind()).isEqualTo(QuiverEvent.Write.Kind.INDEX);
      assertThat(e.items()).isEqualTo(3);
      assertThat(e.store()).isEqualTo(store());
      assertThat(e.elapsed()).isGreaterThanOrEqualTo(events.of(QuiverEvent.Embed.class).get(0).elapsed());
    });
  }

  @Test
  void aHybridSearchOnAVectorOnlyStoreReportsTheVectorSideAndTheKeywordSidesDegradation() {
    Recorder events = new Recorder();
    try (Quiver quiver = open(events)) {
      quiver.index(messages());
      events.clear();
      SearchResult result = quiver.search(SearchRequest.of("deploy friday").limit(2));
      QuiverEvent.Search search = events.only(QuiverEvent.Search.class);
      assertThat(search.mode()).isEqualTo(SearchMode.HYBRID);
      assertThat(search.hits()).isEqualTo(result.hits().size()).isEqualTo(2);
      assertThat(search.answered()).containsExactly(Side.VECTOR);
      assertThat(search.vectorElapsed()).hasValueSatisfying(d -> assertThat(d).isPositive());
      assertThat(search.keywordElapsed()).isEmpty();
      assertThat(search.elapsed()).isGreaterThanOrEqualTo(search.vectorElapsed().orElseThrow());
      assertThat(search.degradations()).isEqualTo(result.degradations()).singleElement().satisfies(d -> {
        assertThat(d.side()).isEqualTo(Side.KEYWORD);
        assertThat(d.reason()).isEqualTo(Degradation.Reason.NOT_CONFIGURED);
      });
      assertThat(events.of(QuiverEvent.Embed.class)).singleElement().satisfies(e -> {
        assertThat(e.kind()).isEqualTo(QuiverEvent.Embed.Kind.QUERY);
        assertThat(e.texts()).isEqualTo(1);
      });
    }
  }

  @Test
  void aVectorSearchWithTheCallersVectorEmbedsNothingAndAKeywordSearchRunsNoSide() {
    Recorder events = new Recorder();
    try (Quiver quiver = open(events)) {
      quiver.index(messages());
      events.clear();
      quiver.search(SearchRequest.of(LetterEmbedder.vector("deploy")).mode(SearchMode.VECTOR).limit(1));
      quiver.search(SearchRequest.of("deploy").mode(SearchMode.KEYWORD));
    }
    assertThat(events.of(QuiverEvent.Embed.class)).isEmpty();
    List<QuiverEvent.Search> searches = events.of(QuiverEvent.Search.class);
    assertThat(searches).extracting(QuiverEvent.Search::mode).containsExactly(SearchMode.VECTOR, SearchMode.KEYWORD);
    assertThat(searches.get(0).hits()).isEqualTo(1);
    assertThat(searches.get(0).degradations()).isEmpty();
    assertThat(searches.get(1).hits()).isZero();
    assertThat(searches.get(1).vectorElapsed()).isEmpty();
    assertThat(searches.get(1).keywordElapsed()).isEmpty();
    assertThat(searches.get(1).degradations()).extracting(Degradation::reason)
        .containsExactly(Degradation.Reason.NOT_CONFIGURED);
  }

  @Test
  void deletesReportHowManyItemsExisted() {
    Recorder events = new Recorder();
    try (Quiver quiver = open(events)) {
      quiver.index(messages());
      events.clear();
      quiver.delete("m1");
      quiver.delete("no-such-id");
      quiver.deleteAll(List.of("m2", "m9"));
      quiver.deleteAll(Filter.all());
    }
    assertThat(events.of(QuiverEvent.Write.class)).allSatisfy(e ->
        assertThat(e.kind()).isEqualTo(QuiverEvent.Write.Kind.DELETE))
        .extracting(QuiverEvent.Write::items).containsExactly(1, 0, 1, 1);
  }

  @Test
  void aDamagedFileReportsItsDegradationThenItsQuarantineThenTheRebuild() throws Exception {
    try (Quiver quiver = open()) {
      quiver.index(messages());
    }
    scribbleOverPages(store());
    Recorder events = new Recorder();
    try (Quiver quiver = open(events)) {
      quiver.search("deploy");
      QuiverEvent.Search search = events.only(QuiverEvent.Search.class);
      assertThat(search.hits()).isZero();
      assertThat(search.answered()).isEmpty();
      assertThat(search.vectorElapsed()).isEmpty(); // a damaged side does not run
      assertThat(search.degradations()).extracting(Degradation::side, Degradation::reason).containsExactly(
          org.assertj.core.groups.Tuple.tuple(Side.VECTOR, Degradation.Reason.DAMAGED),
          org.assertj.core.groups.Tuple.tuple(Side.KEYWORD, Degradation.Reason.NOT_CONFIGURED));

      quiver.index(Item.of("m4", "a new message"));
      QuiverEvent.Quarantine quarantine = events.only(QuiverEvent.Quarantine.class);
      assertThat(quarantine.movedTo()).hasValueSatisfying(to -> assertThat(to).exists());
      assertThat(quarantine.problem()).isNotBlank();
      assertThat(events.of(QuiverEvent.Write.class)).extracting(QuiverEvent.Write::items).containsExactly(1);

      quiver.rebuild(messages().iterator(), 3, null);
      QuiverEvent.Rebuild rebuild = events.only(QuiverEvent.Rebuild.class);
      assertThat(rebuild.side()).isEqualTo(Side.VECTOR);
      assertThat(rebuild.items()).isEqualTo(3);
      assertThat(rebuild.elapsed()).isPositive();
      assertThat(events.of(QuiverEvent.Embed.class)).extracting(QuiverEvent.Embed::texts).containsExactly(1, 2);
    }
  }

  @Test
  void aListenerThatThrowsBreaksNeitherSearchNorWriteNorTheListenersAfterIt() {
    QuiverListener broken = new QuiverListener() {
      @Override
      public void searched(QuiverEvent.Search event) {
        throw new IllegalStateException("a broken meter");
      }

      @Override
      public void wrote(QuiverEvent.Write event) {
        throw new IllegalStateException("a broken meter");
      }

      @Override
      public void embedded(QuiverEvent.Embed event) {
        throw new IllegalStateException("a broken meter");
      }
    };
    Recorder after = new Recorder();
    try (Quiver quiver = open(broken, after)) {
      quiver.index(messages());
      assertThat(quiver.search("deploy friday").hits()).extracting(Hit::id).first().isEqualTo("m1");
      assertThat(quiver.delete("m1")).isTrue();
      assertThat(quiver.count()).isEqualTo(2);
    }
    assertThat(after.events).extracting(e -> e.getClass().getSimpleName()).containsExactly("Embed", "Write",
        "Embed", "Search", "Write");
  }

  @Test
  void aListenerOverridingNothingHearsEverythingQuietly() {
    try (Quiver quiver = open(new QuiverListener() {})) {
      quiver.index(messages());
      assertThat(quiver.search("lunch").hits()).isNotEmpty();
    }
  }

  /** Keeps every event in the order it came. */
  private static final class Recorder implements QuiverListener {
    final List<QuiverEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void searched(QuiverEvent.Search event) {
      events.add(event);
    }

    @Override
    public void wrote(QuiverEvent.Write event) {
      events.add(event);
    }

    @Override
    public void embedded(QuiverEvent.Embed event) {
      events.add(event);
    }

    @Override
    public void quarantined(QuiverEvent.Quarantine event) {
      events.add(event);
    }

    @Override
    public void rebuilt(QuiverEvent.Rebuild event) {
      events.add(event);
    }

    <T extends QuiverEvent> List<T> of(Class<T> type) {
      List<T> out = new ArrayList<>();
      for (QuiverEvent e : events) {
        if (type.isInstance(e)) {
          out.add(type.cast(e));
        }
      }
      return out;
    }

    <T extends QuiverEvent> T only(Class<T> type) {
      List<T> all = of(type);
      assertThat(all).as("events of type " + type.getSimpleName()).hasSize(1);
      return all.get(0);
    }

    void clear() {
      events.clear();
    }
  }

  /** Keeps the header (it is still Quiver's file) and scribbles over the b-tree pages. */
  private static void scribbleOverPages(Path file) throws Exception {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      for (long offset = 4096; offset < raf.length(); offset += 256) {
        raf.seek(offset);
        raf.write(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});
      }
    }
  }

  /** Counts of a few letters, unit length: texts sharing words land near each other. */
  static final class LetterEmbedder implements Embedder {
    private static final String LETTERS = "adefilnory";

    @Override
    public String modelId() {
      return "letters";
    }

    @Override
    public int dimensions() {
      return LETTERS.length();
    }

    @Override
    public List<float[]> embed(List<String> texts) {
      List<float[]> out = new ArrayList<>(texts.size());
      for (String text : texts) {
        out.add(vector(text));
      }
      return out;
    }

    static float[] vector(String text) {
      float[] v = new float[LETTERS.length()];
      for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
        int i = LETTERS.indexOf(c);
        if (i >= 0) {
          v[i]++;
        }
      }
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      if (norm == 0) {
        v[0] = 1;
        return v;
      }
      for (int i = 0; i < v.length; i++) {
        v[i] /= (float) Math.sqrt(norm);
      }
      return v;
    }
  }
}
