package dev.quiver.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Item;
import dev.quiver.spi.KeywordIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snippets of keyword hits: the matched terms, as the index's analysis matched them, marked «like this». */
class SnippetTest {
  @TempDir Path dir;

  private static final String LONG = "Preface. ".repeat(60) + "Then we deployed the release to staging. "
      + "Epilogue. ".repeat(60);

  private LuceneKeywordIndex index(KeywordAnalyzer analyzer) throws IOException {
    LuceneKeywordIndex index = LuceneKeywordIndex.open(dir.resolve(analyzer.id()),
        LuceneKeywordOptions.builder().analyzer(analyzer).build());
    index.apply(List.of(
        Item.of("short", "We deployed the new build to Staging"),
        Item.of("long", LONG),
        Item.of("other", "lunch at noon"),
        new Item("no-text", null, Map.of(), null)), List.of(), 1);
    return index;
  }

  @Test
  void matchedTermsAreMarkedAsTheAnalyzerMatchedThem() throws IOException {
    try (LuceneKeywordIndex index = index(KeywordAnalyzer.ENGLISH);
        KeywordIndex.Reader reader = index.reader()) {
      Map<String, String> snippets = reader.snippets("deploying to staging", List.of("short"));

      // "deploying" finds "deployed" by its stem; "to" is a stop word and stays unmarked
      assertThat(snippets).containsOnlyKeys("short");
      assertThat(snippets.get("short")).isEqualTo("We «deployed» the new build to «Staging»");
    }
  }

  @Test
  void aLongTextGivesAShortPassageAroundTheMatch() throws IOException {
    try (LuceneKeywordIndex index = index(KeywordAnalyzer.ENGLISH);
        KeywordIndex.Reader reader = index.reader()) {
      String snippet = reader.snippets("staging", List.of("long")).get("long");

      assertThat(snippet).contains("«staging»");
      assertThat(snippet.length()).isLessThan(LONG.length() / 3);
    }
  }

  @Test
  void idsThatDoNotMatchOrDoNotExistGetNoSnippet() throws IOException {
    try (LuceneKeywordIndex index = index(KeywordAnalyzer.ENGLISH);
        KeywordIndex.Reader reader = index.reader()) {
      assertThat(reader.snippets("staging", List.of("other", "no-text", "missing", "short", "short")))
          .containsOnlyKeys("short");
      assertThat(reader.snippets("the to", List.of("short"))).isEmpty(); // only stop words: nothing to mark
      assertThat(reader.snippets("staging", List.of())).isEmpty();
    }
  }

  @Test
  void withoutStemmingOnlyTheSameWordIsMarked() throws IOException {
    try (LuceneKeywordIndex index = index(KeywordAnalyzer.STANDARD);
        KeywordIndex.Reader reader = index.reader()) {
      assertThat(reader.snippets("deploying staging", List.of("short")))
          .containsEntry("short", "We deployed the new build to «Staging»");
    }
  }
}
