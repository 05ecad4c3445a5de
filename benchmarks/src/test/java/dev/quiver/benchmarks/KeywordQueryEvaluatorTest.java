package dev.quiver.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/** The harness's query variants on a real Lucene index: proximity clauses reward adjacent query words. */
class KeywordQueryEvaluatorTest {

  @Test
  void pairsRankAdjacentQueryWordsAboveTheSameWordsScattered() throws IOException {
    try (Analyzer analyzer = new EnglishAnalyzer(); ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
      try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig(analyzer))) {
        // the same words, so the same BM25 term scores; only their order differs
        writer.addDocument(doc("scattered", "json library with extra tools and a parser"));
        writer.addDocument(doc("adjacent", "json parser library with extra tools and a"));
      }
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        ScoreDoc[] terms = searcher.search(KeywordQueryEvaluator.query(analyzer, "terms", "a JSON parser"), 2)
            .scoreDocs;
        assertThat(terms[0].score).isEqualTo(terms[1].score);
        ScoreDoc[] pairs = searcher.search(KeywordQueryEvaluator.query(analyzer, "pairs:1:0.2", "a JSON parser"), 2)
            .scoreDocs;
        assertThat(pairs[0].score).isGreaterThan(pairs[1].score);
        assertThat(searcher.storedFields().document(pairs[0].doc).get("id")).isEqualTo("adjacent");
      }
    }
  }

  @Test
  void aQueryOfOnlyStopWordsHasNoQuery() throws IOException {
    try (Analyzer analyzer = new EnglishAnalyzer()) {
      assertThat(KeywordQueryEvaluator.query(analyzer, "pairs:1:0.2", "the and of")).isNull();
    }
  }

  private static Document doc(String id, String text) {
    Document doc = new Document();
    doc.add(new StringField("id", id, Field.Store.YES));
    doc.add(new TextField("text", text, Field.Store.NO));
    return doc;
  }
}
