package dev.quiver.cli;

import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.spi.KeywordIndex;

/** The keyword index the CLI gives every store: Lucene BM25 with the English analyzer. */
final class KeywordIndexes {
  private KeywordIndexes() {}

  static KeywordIndex.Factory lucene() {
    return LuceneKeywordIndex.factory();
  }
}
