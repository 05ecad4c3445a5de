package dev.quiver.keyword;

import dev.quiver.Filter;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.LongPoint;
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
 *
 * <h2>Clause budget</h2>
 *
 * Lucene allows {@link org.apache.lucene.search.IndexSearcher#getMaxClauseCount()} leaf queries in one search,
 * shared by the filter and the query's text terms. Negations are pushed down to single conditions (De Morgan:
 * {@code not(and(a, b)) = or(not a, not b)}, {@code not(not a) = a}), and a negated condition becomes a
 * {@code MUST_NOT} clause of the conjunction around it, or, where there is none, a match-all minus the
 * condition. So a filter of {@code n} conditions becomes at most {@code 2n} leaf queries, whatever its shape:
 * with {@link Filter#MAX_CONDITIONS} = 256, at most 512 of Lucene's 1,024. Recursion follows the filter's
 * nesting, at most {@link Filter#MAX_DEPTH} levels.
 */
final class LuceneFilters {
  private LuceneFilters() {}

  static Query toQuery(Filter filter) {
    return translate(filter, false);
  }

  /** {@code filter}, or its negation when {@code negate}. */
  private static Query translate(Filter filter, boolean negate) {
    if (filter instanceof Filter.Not not) {
      return translate(not.filter(), !negate);
    } else if (filter instanceof Filter.And and) {
      return negate ? disjunction(and.filters(), true) : conjunction(and.filters(), false);
    } else if (filter instanceof Filter.Or or) {
      return negate ? conjunction(or.filters(), true) : disjunction(or.filters(), false);
    }
    Query condition = condition(filter);
    if (!negate) {
      return condition;
    } else if (condition instanceof MatchAllDocsQuery) {
      return new MatchNoDocsQuery("not(all)");
    } else if (condition instanceof MatchNoDocsQuery) {
      return new MatchAllDocsQuery();
    }
    // Lucene matches nothing with MUST_NOT clauses alone: subtract the condition from everything
    return new BooleanQuery.Builder()
        .add(new MatchAllDocsQuery(), Occur.FILTER)
        .add(condition, Occur.MUST_NOT)
        .build();
  }

  /** Items matching every one of {@code filters}, each negated when {@code negate}. */
  private static Query conjunction(List<Filter> filters, boolean negate) {
    if (filters.isEmpty()) {
      return new MatchAllDocsQuery();
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    boolean positive = false;
    for (Filter f : filters) {
      Filter inner = f;
      boolean negated = negate;
      while (inner instanceof Filter.Not not) {
        inner = not.filter();
        negated = !negated;
      }
      if (negated && isCondition(inner)) {
        // a negated condition costs one clause here, beside the others
        Query condition = condition(inner);
        if (condition instanceof MatchAllDocsQuery) {
          return new MatchNoDocsQuery("and(..., not(all), ...)");
        } else if (!(condition instanceof MatchNoDocsQuery)) { // not(nothing) constrains nothing
          b.add(condition, Occur.MUST_NOT);
        }
      } else {
        b.add(translate(inner, negated), Occur.FILTER);
        positive = true;
      }
    }
    if (!positive) {
      b.add(new MatchAllDocsQuery(), Occur.FILTER); // MUST_NOT clauses alone would match nothing
    }
    return b.build();
  }

  /** Items matching at least one of {@code filters}, each negated when {@code negate}. */
  private static Query disjunction(List<Filter> filters, boolean negate) {
    if (filters.isEmpty()) {
      return new MatchNoDocsQuery("or() with no operands");
    }
    if (filters.size() == 1) {
      return translate(filters.get(0), negate);
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
    for (Filter f : filters) {
      b.add(translate(f, negate), Occur.SHOULD);
    }
    return b.build();
  }

  private static boolean isCondition(Filter filter) {
    return !(filter instanceof Filter.And || filter instanceof Filter.Or || filter instanceof Filter.Not);
  }

  /** One condition, un-negated: one leaf query. */
  private static Query condition(Filter filter) {
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
    } else if (filter instanceof Filter.TimeRange range) {
      if (range.fromInclusive() == range.toExclusive()) {
        return new MatchNoDocsQuery("empty time range at " + range.fromInclusive());
      }
      // toExclusive > fromInclusive here, so toExclusive - 1 cannot underflow.
      // the points alone: one leaf against the clause limit (LongField's own range query counts three)
      return LongPoint.newRangeQuery(LuceneKeywordIndex.TIMESTAMP, range.fromInclusive(), range.toExclusive() - 1);
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
