package dev.quiver.cli;

import dev.quiver.keyword.KeywordAnalyzer;
import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.spi.KeywordIndex;
import java.io.IOException;
import java.nio.file.Path;

/** The keyword index the CLI gives every store: Lucene BM25 with the analyzer asked for or recorded. */
final class KeywordIndexes {
  private KeywordIndexes() {}

  static KeywordIndex.Factory lucene(KeywordAnalyzer analyzer) {
    return LuceneKeywordIndex.factory(analyzer);
  }

  /**
   * {@code requested} when given; otherwise the analyzer the store's keyword index records, so that a command
   * without {@code --analyzer} never rebuilds an index built with another one; English for a new store (or an
   * index built with a custom analyzer, which the CLI cannot recreate).
   */
  static KeywordAnalyzer choose(KeywordAnalyzer requested, Path store) {
    if (requested != null) {
      return requested;
    }
    try {
      return LuceneKeywordIndex.recordedAnalyzer(store.resolveSibling(store.getFileName() + "-keyword"))
          .flatMap(KeywordIndexes::known).orElse(KeywordAnalyzer.ENGLISH);
    } catch (IOException | RuntimeException e) {
      return KeywordAnalyzer.ENGLISH; // unreadable: the store's open says what is wrong with it
    }
  }

  private static java.util.Optional<KeywordAnalyzer> known(String id) {
    try {
      return java.util.Optional.of(KeywordAnalyzer.named(id));
    } catch (IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }
}
