package dev.quiver.hybrid;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.KeywordSideState;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.keyword.KeywordAnalyzer;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Changing a store's keyword analyzer rebuilds its keyword index from the vector file: analyses never mix. */
class AnalyzerChangeTest {
  @TempDir Path dir;

  private Path store() {
    return dir.resolve("chat.quiver");
  }

  private Path keywordDirectory() {
    return dir.resolve("chat.quiver-keyword");
  }

  private Quiver open(KeywordAnalyzer analyzer, boolean embedder) {
    QuiverOptions.Builder b = QuiverOptions.builder().keywordIndex(LuceneKeywordIndex.factory(analyzer));
    if (embedder) {
      b.embedder(new HashingEmbedder());
    }
    return Quiver.open(store(), b.build());
  }

  private static List<String> keywordIds(Quiver quiver, String query) {
    return quiver.search(SearchRequest.of(query).mode(SearchMode.KEYWORD).limit(10)).hits().stream()
        .map(Hit::id).toList();
  }

  private static final List<Item> ITEMS = List.of(
      Item.of("de:1", "Die Katzen schlafen im Garten"),
      Item.of("de:2", "Der Server startet neu"),
      Item.of("en:1", "the cats are sleeping"));

  @Test
  void reopeningWithAnotherAnalyzerRebuildsTheKeywordIndexFromTheVectorFile() throws IOException {
    try (Quiver quiver = open(KeywordAnalyzer.ENGLISH, true)) {
      quiver.index(ITEMS);
      assertThat(keywordIds(quiver, "Katze")).isEmpty(); // English does not stem German plurals
    }
    assertThat(LuceneKeywordIndex.recordedAnalyzer(keywordDirectory())).contains("english");

    try (Quiver quiver = open(KeywordAnalyzer.GERMAN, true)) {
      assertThat(quiver.status().keywordSide()).isEqualTo(KeywordSideState.READY);
      assertThat(keywordIds(quiver, "Katze")).containsExactly("de:1");
      assertThat(keywordIds(quiver, "Gärten")).containsExactly("de:1");
      quiver.index(Item.of("de:3", "Neue Katzen"));
      assertThat(keywordIds(quiver, "Katze")).containsExactlyInAnyOrder("de:1", "de:3");
    }
    assertThat(LuceneKeywordIndex.recordedAnalyzer(keywordDirectory())).contains("german");
    // the English index was moved aside, not deleted
    try (Stream<Path> sets = Files.walk(dir.resolve("chat.quiver-quarantine"))) {
      assertThat(sets.anyMatch(p -> p.getFileName().toString().startsWith("segments_"))).isTrue();
    }
    // and the same analyzer again opens the index as it is
    try (Quiver quiver = open(KeywordAnalyzer.GERMAN, false)) {
      assertThat(keywordIds(quiver, "Katze")).containsExactlyInAnyOrder("de:1", "de:3");
    }
  }

  @Test
  void anIndexIsNotRebuiltWhileTheVectorFileItWouldBeRebuiltFromIsMissing() throws IOException {
    try (Quiver quiver = open(KeywordAnalyzer.ENGLISH, true)) {
      quiver.index(ITEMS);
    }
    Files.delete(store());

    try (Quiver quiver = open(KeywordAnalyzer.GERMAN, false)) {
      assertThat(quiver.status().keywordSide()).isEqualTo(KeywordSideState.FAILED);
      assertThat(quiver.status().keywordProblem()).contains("new analyzer");
    }
    assertThat(dir.resolve("chat.quiver-quarantine")).doesNotExist();
    try (Quiver quiver = open(KeywordAnalyzer.ENGLISH, false)) {
      assertThat(keywordIds(quiver, "cat")).containsExactly("en:1"); // the only copy, still answering
    }
  }
}
