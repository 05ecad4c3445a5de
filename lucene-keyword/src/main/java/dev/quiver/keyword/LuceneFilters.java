package dev.quiver.keyword;

import dev.quiver.Filter;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Translates a {@link Filter} into a non-scoring Lucene query over the fields that {@link LuceneKeywordIndex}
 * writes. The semantics match a plain evaluation of the filter on an item:
 *
 * <ul>
 *   <li>{@code Eq} and {@code In} match only items that have the attribute; an item without it matches
 *       neither, and does match {@code not(eq(...))}.
 *   <li>{@code and()} with no operands matches everything, {@code or()} with none matches nothing,
 *       {@code in(key)} with no values matches nothing.
 *   <li>{@code TimeRange [from, to)} becomes the closed point range {@code [from, to - 1]}; it never matches an
 *       item without a timestamp, and matches nothing when {@code from == to}.
 * </ul>
 */
final class LuceneFilters {
  private LuceneFilters() {}

  static Query toQuery(Filter filter) {
    if (filter instanceof Filter.All) {
      return new MatchAllDocsQuery();
    } else if (filter instanceof Filter.Eq eq) {
      return new TermQuery(new Term(LuceneKeywordIndex.attributeField(eq.key()), eq.value()));
    } else if (filter instanceof Filter.In in) {
      if (in.values().isEmpty()) {
        return new MatchNoDocsQuery("in(" + in.key() + ") with no values");
      }
      List<BytesRef> terms = new ArrayList<>(in.values().size());
      for (String value : in.values()) {
        terms.add(new BytesRef(value));
      }
      return new TermInSetQuery(LuceneKeywordIndex.attributeField(in.key()), terms);
    } else if (filter instanceof Filter.And and) {
      if (and.filters().isEmpty()) {
        return new MatchAllDocsQuery();
      }
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      for (Filter f : and.filters()) {
        b.add(toQuery(f), Occur.FILTER);
      }
      return b.build();
    } else if (filter instanceof Filter.Or or) {
      if (or.filters().isEmpty()) {
        return new MatchNoDocsQuery("or() with no operands");
      }
      BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
      for (Filter f : or.filters()) {
        b.add(toQuery(f), Occur.SHOULD);
      }
      return b.build();
    } else if (filter instanceof Filter.Not not) {
      return new BooleanQuery.Builder()
          .add(new MatchAllDocsQuery(), Occur.MUST)
          .add(toQuery(not.filter()), Occur.MUST_NOT)
          .build();
    } else if (filter instanceof Filter.TimeRange range) {
      if (range.fromInclusive() == range.toExclusive()) {
        return new MatchNoDocsQuery("empty time range at " + range.fromInclusive());
      }
      // toExclusive > fromInclusive here, so toExclusive - 1 cannot underflow.
      return LongField.newRangeQuery(LuceneKeywordIndex.TIMESTAMP, range.fromInclusive(), range.toExclusive() - 1);
    }
    // Filter is sealed; a new kind added to core must be translated here before it can be searched.
    throw new IllegalArgumentException("filter kind " + filter.getClass().getName()
        + " is not supported by the Lucene keyword index; expected one of All, Eq, In, And, Or, Not, TimeRange");
  }

  /**
   * The number of leaf queries in {@code query}, counted the way {@link org.apache.lucene.search.IndexSearcher}
   * counts them against its clause limit (one per term query, term set, point range or match-all).
   */
  static int countLeaves(Query query) {
    int[] count = {0};
    query.visit(new QueryVisitor() {
      @Override
      public QueryVisitor getSubVisitor(Occur occur, Query parent) {
        return this;
      }

      @Override
      public void visitLeaf(Query q) {
        count[0]++;
      }

      @Override
      public void consumeTerms(Query q, Term... terms) {
        count[0]++;
      }

      @Override
      public void consumeTermsMatching(Query q, String field,
          java.util.function.Supplier<org.apache.lucene.util.automaton.ByteRunAutomaton> automaton) {
        count[0]++;
      }
    });
    return count[0];
  }
}
