package dev.quiver.keyword;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.spi.KeywordIndex;
import dev.quiver.spi.KeywordIndex.ScoredId;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LuceneKeywordIndexTest {
  @TempDir Path dir;

  private static List<String> ids(List<ScoredId> hits) {
    return hits.stream().map(ScoredId::id).collect(Collectors.toList());
  }

  /** A distinct lower-case word for each {@code i}: "wa", "wb", ..., "wz", "wba", ... (no digits, no stop words). */
  private static String letters(int i) {
    StringBuilder b = new StringBuilder();
    do {
      b.append((char) ('a' + i % 26));
      i /= 26;
    } while (i > 0);
    return "w" + b;
  }

  @Test
  void rareTokenDocumentRanksFirstForThatToken() throws IOException {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        items.add(Item.of("msg:" + i, "the server restarted after the release " + i));
      }
      items.add(Item.of("msg:zebra", "the server restarted after the zebra release"));
      index.apply(items, List.of(), 1);

      List<ScoredId> hits = index.search("zebra server", 5, Filter.all());

      assertThat(hits).isNotEmpty();
      assertThat(hits.get(0).id()).isEqualTo("msg:zebra");
      assertThat(hits.get(0).score()).isGreaterThan(hits.get(1).score());
    }
  }

  @Test
  void stemmingMatchesOtherFormsOfAWord() throws IOException {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      index.apply(List.of(Item.of("a", "we deploy on fridays"), Item.of("b", "lunch menu for today")), List.of(), 1);

      assertThat(ids(index.search("deploying", 10, Filter.all()))).containsExactly("a");
      assertThat(ids(index.search("Deployed!", 10, Filter.all()))).containsExactly("a");
      assertThat(ids(index.search("Friday", 10, Filter.all()))).containsExactly("a");
    }
  }

  @Test
  void searchReturnsAtMostLimitHitsBestFirst() throws IOException {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        items.add(Item.of("m" + i, "alert " + "disk ".repeat(i % 5 + 1)));
      }
      index.apply(items, List.of(), 1);

      List<ScoredId> hits = index.search("disk alert", 7, Filter.all());

      assertThat(hits).hasSize(7);
      for (int i = 1; i < hits.size(); i++) {
        assertThat(hits.get(i).score()).isLessThanOrEqualTo(hits.get(i - 1).score());
      }
      assertThat(index.search("disk", Integer.MAX_VALUE, Filter.all())).hasSize(30);
    }
  }

  @Test
  void filterSelectsItemsWithoutChangingTheirScores() throws IOException {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      List<Item> items = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        items.add(Item.of("m" + i, "build failed " + "again ".repeat(i % 4), Map.of("room", i % 2 == 0 ? "ops" : "dev")));
      }
      index.apply(items, List.of(), 1);

      Map<String, Float> unfiltered = index.search("build failed again", 40, Filter.all()).stream()
          .collect(Collectors.toMap(ScoredId::id, ScoredId::score));
      List<ScoredId> ops = index.search("build failed again", 40, Filter.eq("room", "ops"));

      assertThat(ops).hasSize(20);
      for (ScoredId hit : ops) {
        assertThat(Integer.parseInt(hit.id().substring(1)) % 2).as(hit.id()).isZero();
        assertThat(hit.score()).as(hit.id()).isEqualTo(unfiltered.get(hit.id()));
      }
    }
  }

  @Test
  void upsertReplacesTheOldTextAndDeleteRemovesTheItem() throws IOException {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      index.apply(List.of(Item.of("a", "alpha version"), Item.of("b", "bravo version")), List.of(), 1);
      index.apply(List.of(Item.of("a", "gamma version")), List.of(), 2);

      assertThat(index.search("alpha", 10, Filter.all())).isEmpty();
      assertThat(ids(index.search("gamma", 10, Filter.all()))).containsExactly("a");
      assertThat(index.count()).isEqualTo(2);

      index.apply(List.of(), List.of("a", "never-existed"), 3);

      assertThat(index.search("gamma", 10, Filter.all())).isEmpty();
      assertThat(ids(index.search("version", 10, Filter.all()))).containsExactly("b");
      assertThat(index.count()).isEqualTo(1);
    }
  }

  @Test
  void itemWithoutTextIsCountedButMatchesNoQuery() throws IOException {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      index.apply(List.of(new Item("v", null, Map.of("room", "a"), 5L), Item.of("t", "text")), List.of(), 1);

      assertThat(index.count()).isEqualTo(2);
      assertThat(index.count(Filter.eq("room", "a"))).isEqualTo(1);
      assertThat(ids(index.search("text", 10, Filter.all()))).containsExactly("t");
    }
  }

  @Test
  void appliedSequenceSurvivesReopenAndClearResetsItToZero() throws IOException {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      assertThat(index.appliedSequence()).isZero();
      index.apply(List.of(Item.of("a", "kept across reopen")), List.of(), 7);
      assertThat(index.appliedSequence()).isEqualTo(7);
    }
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      assertThat(index.appliedSequence()).isEqualTo(7);
      assertThat(ids(index.search("reopen", 10, Filter.all()))).containsExactly("a");

      index.clear();

      assertThat(index.appliedSequence()).isZero();
      assertThat(index.count()).isZero();
      assertThat(index.search("reopen", 10, Filter.all())).isEmpty();
    }
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      assertThat(index.appliedSequence()).isZero();
      assertThat(index.count()).isZero();
    }
  }

  @Test
  void emptyBatchStillCommitsItsSequence() throws IOException {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      index.apply(List.of(), List.of(), 3);
    }
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      assertThat(index.appliedSequence()).isEqualTo(3);
    }
  }

  @Test
  void garbageQueryTextNeverThrows() throws IOException {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      index.apply(List.of(Item.of("a", "the quick brown fox")), List.of(), 1);
      StringBuilder distinctWords = new StringBuilder();
      for (int i = 0; distinctWords.length() < 100_000; i++) {
        distinctWords.append(letters(i)).append(' ');
      }
      List<String> queries = List.of("AND OR ( ) * ? : \\", "", "   ", "\"unclosed", "fox~2 AND title:[a TO",
          "x".repeat(100_000), "fox ".repeat(25_000), distinctWords + " fox", "\u0000\uFFFF\uD800 fox",
          "the of and");

      for (String q : queries) {
        List<ScoredId> all = index.search(q, 10, Filter.all());
        List<ScoredId> filtered = index.search(q, 10, Filter.or(Filter.eq("room", "a"), Filter.not(Filter.all())));
        assertThat(all).as("query of %d chars", q.length()).allMatch(h -> h.id().equals("a"));
        assertThat(filtered).as("query of %d chars", q.length()).isEmpty();
      }
      assertThat(index.search("", 10, Filter.all())).isEmpty();
      assertThat(index.search("the of and", 10, Filter.all())).as("stop words only").isEmpty();
      assertThat(ids(index.search(distinctWords + " fox", 10, Filter.all())))
          .as("terms past the cap are ignored").isEmpty();
      assertThat(ids(index.search("fox " + distinctWords, 10, Filter.all()))).containsExactly("a");
    }
  }

  @Test
  void longQueryLeavesRoomForALargeFilterUnderLucenesClauseLimit() throws IOException {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      index.apply(List.of(Item.of("a", "fox", Map.of("room", "r7"))), List.of(), 1);
      Filter[] rooms = new Filter[Filter.MAX_CONDITIONS];
      for (int i = 0; i < rooms.length; i++) {
        rooms[i] = Filter.eq("room", "r" + i);
      }
      StringBuilder query = new StringBuilder("fox");
      for (int i = 0; i < 5_000; i++) {
        query.append(' ').append(letters(i));
      }

      assertThat(ids(index.search(query.toString(), 10, Filter.or(rooms)))).containsExactly("a");
    }
  }

  @Test
  void filterWithMoreOperandsThanAllowedIsRefusedAsBadInputButInWithManyValuesWorks() throws IOException {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      index.apply(List.of(Item.of("a", "fox", Map.of("room", "r7"))), List.of(), 1);
      Filter[] rooms = new Filter[5_000];
      String[] names = new String[Filter.MAX_IN_VALUES];
      for (int i = 0; i < rooms.length; i++) {
        rooms[i] = Filter.eq("room", "r" + i);
      }
      for (int i = 0; i < names.length; i++) {
        names[i] = "r" + i;
      }

      assertThatThrownBy(() -> Filter.or(rooms)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(Integer.toString(Filter.MAX_CONDITIONS));
      assertThat(ids(index.search("fox", 10, Filter.in("room", names)))).containsExactly("a");
    }
  }

  @Test
  void customAnalyzerIsUsedForIndexingAndQueries() throws IOException {
    KeywordIndex.Factory factory = LuceneKeywordIndex.factory(StandardAnalyzer::new);
    try (KeywordIndex index = factory.open(dir)) {
      index.apply(List.of(Item.of("a", "we deploy on fridays")), List.of(), 1);
      assertThat(index.search("deploying", 10, Filter.all())).as("no stemming").isEmpty();
      assertThat(ids(index.search("DEPLOY", 10, Filter.all()))).containsExactly("a");
    }
  }

  @Test
  void defaultFactoryOpensAnIndexInANewNestedDirectory() throws IOException {
    Path nested = dir.resolve("data").resolve("chat.keywords");
    try (KeywordIndex index = LuceneKeywordIndex.factory().open(nested)) {
      assertThat(index.appliedSequence()).isZero();
      assertThat(index.count()).isZero();
      assertThat(index.search("anything", 10, Filter.all())).isEmpty();
    }
  }

  @Test
  void refusedBatchLeavesTheIndexAsItWas() throws IOException {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      index.apply(List.of(Item.of("a", "original")), List.of(), 5);

      assertThatThrownBy(() -> index.apply(List.of(Item.of("b", "new")), List.of("b"), 6))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'b'").hasMessageContaining("both");
      assertThatThrownBy(() -> index.apply(List.of(Item.of("c", "new")), List.of(), 4))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 4")
          .hasMessageContaining("applied sequence 5");
      String hugeValue = "v".repeat(40_000);
      assertThatThrownBy(() -> index.apply(List.of(Item.of("d", "new"), Item.of("e", "x", Map.of("k", hugeValue))),
          List.of(), 6))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'e'").hasMessageContaining("40000");

      assertThat(index.appliedSequence()).isEqualTo(5);
      assertThat(index.count()).isEqualTo(1);
      index.apply(List.of(), List.of(), 6);
      assertThat(index.search("new", 10, Filter.all())).as("nothing of the refused batches was buffered").isEmpty();
    }
  }

  @Test
  void badSearchArgumentsAreRefusedWithWhatWasFound() throws IOException {
    try (LuceneKeywordIndex index = LuceneKeywordIndex.open(dir)) {
      assertThatThrownBy(() -> index.search("x", 0, Filter.all()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit 0");
      assertThatThrownBy(() -> index.search(null, 1, Filter.all()))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("query null");
      assertThatThrownBy(() -> index.search("x", 1, null))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("filter null");
    }
  }

  @Test
  void closedIndexRefusesEveryOperationAndClosesTwiceQuietly() throws IOException {
    LuceneKeywordIndex index = LuceneKeywordIndex.open(dir);
    index.close();
    index.close();

    assertThatThrownBy(() -> index.search("x", 1, Filter.all())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed").hasMessageContaining(dir.toString());
    assertThatThrownBy(() -> index.apply(List.of(), List.of(), 1)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(index::clear).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(index::count).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(index::appliedSequence).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closeReleasesTheDirectoryForTheNextOpen() throws IOException {
    LuceneKeywordIndex.open(dir).close();
    try (LuceneKeywordIndex again = LuceneKeywordIndex.open(dir)) {
      assertThat(again.directory()).isEqualTo(dir);
    }
    assertThat(Set.of(dir.toFile().list())).anyMatch(f -> f.startsWith("segments_"));
  }
}
