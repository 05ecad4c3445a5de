package dev.quiver.solr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.solr.common.params.ModifiableSolrParams;

/**
 * The keyword side's query, built as the embedded keyword index builds it: the text goes through Lucene's
 * English analyzer (the chain of the collection's {@code text} field) and each distinct term becomes one
 * optional term clause, so query text has no syntax and a repeated word weighs no more.
 */
final class KeywordQuery {
  /** As the embedded keyword side: a pasted 100k-character message costs at most this many clauses. */
  static final int MAX_TERMS = 1024;
  private static final Analyzer ANALYZER = new EnglishAnalyzer(); // thread-safe: per-thread token streams

  private KeywordQuery() {}

  /** The distinct analyzed terms of {@code text}, in order of first appearance, at most {@link #MAX_TERMS}. */
  static Set<String> terms(String text) {
    Set<String> terms = new LinkedHashSet<>();
    try (TokenStream stream = ANALYZER.tokenStream(SolrFields.TEXT, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (terms.size() < MAX_TERMS && stream.incrementToken()) {
        if (term.length() > 0) {
          terms.add(term.toString());
        }
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException("analyzing query text of " + text.length() + " characters failed", e);
    }
    return terms;
  }

  /** A {@code {!bool}} of one {@code {!term}} per term, its values in {@code params}; null without terms. */
  static String query(Set<String> terms, ModifiableSolrParams params) {
    if (terms.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder("{!bool");
    int i = 0;
    for (String t : terms) {
      params.set("kwc" + i, "{!term f=" + SolrFields.TEXT + " v=$kwv" + i + "}");
      params.set("kwv" + i, t);
      b.append(" should=$kwc").append(i);
      i++;
    }
    return b.append('}').toString();
  }
}
