package dev.quiver.keyword;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;

/**
 * Turns text typed into a chat into a BM25 query without any query syntax: the text goes through the same
 * analyzer as the indexed text, and each distinct term becomes one optional ({@code SHOULD}) clause. Nothing
 * here can fail on user input; {@code "AND OR ( ) * ? : \"} is just text, mostly dropped by the tokenizer.
 *
 * <p>Duplicate terms are dropped, so repeating a word does not weigh it more. Terms past {@code maxTerms}
 * are ignored (first come, first kept), so a pasted 100k-character message costs at most that many clauses.
 */
final class QueryTerms {
  private QueryTerms() {}

  /** The distinct analyzed terms of {@code text}, in order of first appearance, at most {@code maxTerms}. */
  static Set<String> analyze(Analyzer analyzer, String field, String text, int maxTerms) {
    Set<String> terms = new LinkedHashSet<>();
    if (text.isEmpty() || maxTerms < 1) {
      return terms;
    }
    try (TokenStream stream = analyzer.tokenStream(field, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (terms.size() < maxTerms && stream.incrementToken()) {
        if (term.length() > 0) {
          terms.add(term.toString());
        }
      }
      stream.end();
    } catch (IOException e) {
      // The analyzer reads from a StringReader; an IOException here is a bug in the analyzer, not bad input.
      throw new UncheckedIOException("analyzing query text of " + text.length() + " characters failed", e);
    }
    return terms;
  }

  /** A disjunction of one term query per term, or {@code null} when there are no terms. */
  static Query disjunction(String field, Set<String> terms) {
    if (terms.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : terms) {
      b.add(new TermQuery(new Term(field, t)), Occur.SHOULD);
    }
    return b.build();
  }
}
