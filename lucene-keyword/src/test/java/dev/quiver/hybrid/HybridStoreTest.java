package dev.quiver.hybrid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.Side;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The facade over real files: both sides, every degradation path, crash catch-up and rebuild from source. */
class HybridStoreTest {
  @TempDir Path dir;

  private Path store() {
    return dir.resolve("chat.quiver");
  }

  private Quiver open(boolean embedder, boolean keywords) {
    QuiverOptions.Builder b = QuiverOptions.builder();
    if (embedder) {
      b.embedder(new HashingEmbedder());
    }
    if (keywords) {
      b.keywordIndex(LuceneKeywordIndex.factory());
    }
    return Quiver.open(store(), b.build());
  }

  private static List<Item> corpus() {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      items.add(new Item("msg:" + i, "message number " + i + " about topic " + (i % 7),
          Map.of("room", i % 2 == 0 ? "ops" : "dev"), 1000L + i));
    }
    items.add(Item.of("kb:1", "the zeppelin procedure for release day", Map.of("room", "ops", "kind", "kb")));
    return items;
  }

  @Test
  void hybridSearchExplainsBothSidesAndFiltersApplyToBoth() {
    try (Quiver quiver = open(true, true)) {
      quiver.index(corpus());
      SearchResult result = quiver.search(SearchRequest.of("zeppelin procedure").limit(3));
      assertThat(result.degraded()).isFalse();
      assertThat(result.answered()).containsExactlyInAnyOrder(Side.VECTOR, Side.KEYWORD);
      Hit top = result.hits().get(0);
      assertThat(top.id()).isEqualTo("kb:1");
      assertThat(top.text()).isEqualTo("the zeppelin procedure for release day");
      assertThat(top.attributes()).containsEntry("kind", "kb");
      assertThat(top.explanation().vectorRank()).isEqualTo(1);
      assertThat(top.explanation().keywordRank()).isEqualTo(1);

      SearchResult dev = quiver.search(SearchRequest.of("message topic").limit(100).filter(Filter.eq("room", "dev")));
      assertThat(dev.hits()).hasSize(30).allSatisfy(h -> assertThat(h.attributes()).containsEntry("room", "dev"));
    }
  }

  @Test
  void deletesAreVisibleOnBothSides() {
    try (Quiver quiver = open(true, true)) {
      quiver.index(corpus());
      assertThat(quiver.delete("kb:1")).isTrue();
      for (SearchMode mode : SearchMode.values()) {
        assertThat(quiver.search(SearchRequest.of("zeppelin").mode(mode).limit(100)).hits())
            .extracting(Hit::id).doesNotContain("kb:1");
      }
      assertThat(quiver.status().keywordItems()).isEqualTo(60);
      assertThat(quiver.verify()).isEmpty();
    }
  }

  @Test
  void withoutAnEmbedderSearchesAreKeywordResultsFlaggedAsSuch() {
    try (Quiver quiver = open(true, true)) {
      quiver.index(corpus());
    }
    try (Quiver keywordOnly = open(false, true)) {
      SearchResult result = keywordOnly.search("zeppelin");
      assertThat(result.answered()).containsExactly(Side.KEYWORD);
      assertThat(result.degradations()).singleElement().satisfies(d -> {
        assertThat(d.side()).isEqualTo(Side.VECTOR);
        assertThat(d.reason()).isEqualTo(dev.quiver.Degradation.Reason.NOT_CONFIGURED);
        assertThat(d.detail()).contains("no embedder");
      });
      assertThat(result.hits()).extracting(Hit::id).startsWith("kb:1");
    }
  }

  @Test
  void withoutAKeywordIndexSearchesAreVectorResultsFlaggedAsSuch() {
    try (Quiver vectorOnly = open(true, false)) {
      vectorOnly.index(corpus());
      SearchResult result = vectorOnly.search("zeppelin procedure release");
      assertThat(result.answered()).containsExactly(Side.VECTOR);
      assertThat(result.degradations()).singleElement().satisfies(d -> {
        assertThat(d.side()).isEqualTo(Side.KEYWORD);
        assertThat(d.reason()).isEqualTo(dev.quiver.Degradation.Reason.NOT_CONFIGURED);
        assertThat(d.detail()).contains("no keyword index");
      });
      assertThat(result.hits().get(0).id()).isEqualTo("kb:1");
    }
  }

  @Test
  void anEmptyVectorSideAnswersFromKeywordsAndAKeywordOnlyRequestNeverEmbeds() {
    try (Quiver quiver = open(true, true)) {
      quiver.index(List.of(Item.of("note", null)));
      assertThat(quiver.search("anything").hits()).isEmpty();
      SearchResult keywordOnly = quiver.search(SearchRequest.of("anything").mode(SearchMode.KEYWORD));
      assertThat(keywordOnly.degraded()).isFalse();
    }
  }

  @Test
  void lostKeywordIndexIsRebuiltFromTheVectorFileOnOpen() throws Exception {
    try (Quiver quiver = open(true, true)) {
      quiver.index(corpus());
    }
    deleteTree(dir.resolve("chat.quiver-keyword"));
    try (Quiver quiver = open(true, true)) {
      assertThat(quiver.status().keywordItems()).isEqualTo(61);
      assertThat(quiver.search(SearchRequest.of("zeppelin").mode(SearchMode.KEYWORD)).hits())
          .extracting(Hit::id).containsExactly("kb:1");
    }
  }

  @Test
  void aMissingVectorFileBesideAKeywordIndexIsDamageAndOnlyAnExplicitClearStartsOver() throws Exception {
    try (Quiver quiver = open(true, true)) {
      quiver.index(corpus());
    }
    Files.delete(store()); // by hand: the keyword directory stays behind
    try (Quiver quiver = open(true, true)) {
      assertThat(store()).doesNotExist(); // opening created nothing in its place
      assertThat(quiver.status().vectorSide()).isEqualTo(dev.quiver.VectorSideState.DAMAGED);
      assertThat(quiver.status().vectorProblem()).contains("missing");
      SearchResult result = quiver.search("zeppelin");
      assertThat(result.answered()).containsExactly(Side.KEYWORD);
      assertThat(result.hits()).extracting(Hit::id).containsExactly("kb:1");
      assertThat(quiver.verify()).anySatisfy(p -> assertThat(p.kind()).isEqualTo(dev.quiver.Problem.Kind.DAMAGED));

      quiver.clear();
      assertThat(quiver.status().vectorSide()).isEqualTo(dev.quiver.VectorSideState.EMPTY);
      quiver.index(Item.of("fresh", "a brand new zeppelin"));
      assertThat(quiver.search(SearchRequest.of("zeppelin").mode(SearchMode.KEYWORD)).hits())
          .extracting(Hit::id).containsExactly("fresh");
    }
    try (Quiver quiver = open(true, true)) {
      assertThat(quiver.verify()).isEmpty();
      assertThat(quiver.count()).isEqualTo(1);
    }
  }

  @Test
  void keywordIndexCatchesUpAfterAProcessDiesBetweenTheTwoCommits() throws Exception {
    try (Quiver quiver = open(true, true)) {
      quiver.index(corpus());
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "--add-modules=jdk.incubator.vector", "-cp",
        System.getProperty("java.class.path"), CrashBetweenCommitsProcess.class.getName(), store().toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      assertThat(out.readLine()).startsWith("vector side committed sequence");
    }
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(child.exitValue()).isEqualTo(9);

    try (Quiver quiver = open(true, true)) {
      assertThat(quiver.status().keywordLag()).isZero();
      assertThat(quiver.search(SearchRequest.of("zeppelin landed").mode(SearchMode.KEYWORD)).hits())
          .extracting(Hit::id).contains("msg:crash");
      assertThat(quiver.verify()).isEmpty();
    }
  }

  @Test
  void damagedVectorFileIsQuarantinedKeywordsKeepAnsweringAndARebuildRestoresVectors() throws Exception {
    List<Item> source = corpus();
    try (Quiver quiver = open(true, true)) {
      quiver.index(source);
    }
    try (RandomAccessFile raf = new RandomAccessFile(store().toFile(), "rw")) {
      for (long offset = 4096; offset < raf.length(); offset += 256) {
        raf.seek(offset);
        raf.write(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef});
      }
    }
    try (Quiver quiver = open(true, true)) {
      SearchResult degraded = quiver.search("zeppelin procedure");
      assertThat(degraded.answered()).containsExactly(Side.KEYWORD);
      assertThat(degraded.degradedBy(dev.quiver.Degradation.Reason.DAMAGED)).isTrue();
      assertThat(degraded.hits()).extracting(Hit::id).startsWith("kb:1");
      // the keyword index's stored copy keeps hits useful to a prompt while vectors are gone
      assertThat(degraded.hits().get(0).text()).isEqualTo("the zeppelin procedure for release day");
      assertThat(degraded.hits().get(0).attributes()).containsEntry("kind", "kb").containsEntry("room", "ops");
      assertThat(quiver.status().vectorSide()).isEqualTo(dev.quiver.VectorSideState.DAMAGED);
      assertThat(quiver.verify()).anySatisfy(p -> assertThat(p.kind()).isEqualTo(dev.quiver.Problem.Kind.DAMAGED));
      // reading changed nothing: the damaged file is still in place
      assertThat(dir.resolve("chat.quiver-quarantine")).doesNotExist();

      // messages keep arriving: the first write quarantines the file and lands in a fresh one
      quiver.index(Item.of("msg:late", "the airship schedule changed during the outage"));
      assertThat(quiver.status().vectorSide()).isEqualTo(dev.quiver.VectorSideState.QUARANTINED);
      assertThat(quiver.search("airship schedule").hits()).extracting(Hit::id).containsExactly("msg:late");
      try (Stream<Path> sets = Files.list(dir.resolve("chat.quiver-quarantine"))) {
        Path set = sets.findFirst().orElseThrow();
        assertThat(set.resolve("chat.quiver")).exists();
      }
    }
    try (Quiver quiver = open(true, true)) {
      // a restart before the rebuild is still quarantined, and keywords still know old and new items
      assertThat(quiver.status().vectorSide()).isEqualTo(dev.quiver.VectorSideState.QUARANTINED);
      assertThat(quiver.search("zeppelin procedure").hits()).extracting(Hit::id).startsWith("kb:1");
      assertThat(quiver.search("airship schedule").hits()).extracting(Hit::id).containsExactly("msg:late");

      List<long[]> progress = new ArrayList<>();
      Quiver.RebuildReport report = quiver.rebuild(source.iterator(), source.size(),
          (done, total, rate) -> progress.add(new long[] {done, total}));
      assertThat(report.items()).isEqualTo(61);
      assertThat(progress).isNotEmpty();
      assertThat(progress.get(progress.size() - 1)).containsExactly(61, 61);

      SearchResult restored = quiver.search("zeppelin procedure");
      assertThat(restored.degraded()).isFalse();
      assertThat(restored.answered()).containsExactlyInAnyOrder(Side.VECTOR, Side.KEYWORD);
      assertThat(restored.hits().get(0).id()).isEqualTo("kb:1");
      assertThat(quiver.status().vectorSide()).isEqualTo(dev.quiver.VectorSideState.READY);
      assertThat(quiver.verify()).isEmpty();
    }
    try (Quiver reopened = open(true, true)) {
      assertThat(reopened.count()).isEqualTo(61);
      assertThat(reopened.search("zeppelin").degraded()).isFalse();
    }
  }

  @Test
  void aRebuildInterruptedByAFailingSourceResumesFromItsWatermark() {
    List<Item> source = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      source.add(Item.of("row:" + i, "source record " + i));
    }
    try (Quiver quiver = open(true, true)) {
      quiver.index(source.subList(0, 10));
      java.util.Iterator<Item> failing = new java.util.Iterator<>() {
        int i;

        @Override
        public boolean hasNext() {
          return i < source.size();
        }

        @Override
        public Item next() {
          if (i == 100) { // after the first batch of 64 committed with its cursor
            throw new IllegalStateException("source went away");
          }
          return source.get(i++);
        }
      };
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> quiver.rebuild(failing, -1, null))
          .hasMessageContaining("source went away");
      // the old file still answers
      assertThat(quiver.count()).isEqualTo(10);
      assertThat(quiver.search("message").degraded()).isFalse();
      List<Long> resumedFrom = new ArrayList<>();
      Quiver.RebuildReport report = quiver.rebuild(source.iterator(), -1,
          (done, total, rate) -> resumedFrom.add(done));
      assertThat(report.items()).isEqualTo(150);
      assertThat(quiver.count()).isEqualTo(150);
      // resumed after the 64 committed items: the first batch it embedded brought it to 128, not 64
      assertThat(resumedFrom.get(0)).isEqualTo(128);
    }
  }

  @Test
  void searchesDuringARebuildNeverFailAndSayWhenTheyAreKeywordOnly() throws Exception {
    List<Item> source = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      source.add(Item.of("row:" + i, "record " + i + " about the zeppelin hangar"));
    }
    try (Quiver quiver = open(true, true)) {
      quiver.index(source.subList(0, 100));
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.atomic.AtomicBoolean rebuilding = new java.util.concurrent.atomic.AtomicBoolean(true);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
      java.util.concurrent.Future<Quiver.RebuildReport> rebuild = pool.submit(() -> {
        start.await();
        try {
          return quiver.rebuild(source.iterator(), source.size(), null);
        } finally {
          rebuilding.set(false);
        }
      });
      start.countDown();
      int keywordOnly = 0;
      int searches = 0;
      while (rebuilding.get() && searches < 100_000) {
        SearchResult r = quiver.search(SearchRequest.of("zeppelin hangar").limit(5));
        assertThat(r.hits()).isNotEmpty();
        if (r.degraded()) {
          assertThat(r.degradedBy(dev.quiver.Degradation.Reason.REBUILDING)).as(r.toString()).isTrue();
          assertThat(r.answered()).containsExactly(Side.KEYWORD);
          keywordOnly++;
        } else {
          assertThat(r.answered()).containsExactlyInAnyOrder(Side.VECTOR, Side.KEYWORD);
        }
        searches++;
      }
      assertThat(rebuild.get(2, TimeUnit.MINUTES).items()).isEqualTo(3_000);
      pool.shutdown();
      assertThat(keywordOnly).isPositive();
      assertThat(quiver.search("zeppelin hangar").degraded()).isFalse();
      assertThat(quiver.count()).isEqualTo(3_000);
    }
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
