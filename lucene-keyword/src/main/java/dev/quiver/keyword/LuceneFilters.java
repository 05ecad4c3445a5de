package dev.quiver.keyword;

import dev.quiver.Filter;
import dev.quiver.spi.AttributeOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.document.BinaryPoint;
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
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.util.BytesRef;

/**
 * Translates a {@link Filter} into a non-scoring Lucene query over the fields that {@link LuceneKeywordIndex}
 * writes. The semantics match a plain evaluation of the filter on an item:
 *
 * <ul>
 *   <li>{@code Eq}, {@code In}, {@code Range} and {@code Exists} match only items that have the attribute; an
 *       item without it matches none of them, and does match {@code not(eq(...))}. Values compare as
 *       {@link AttributeOrder} says: a string term in {@code attr.k}, a boolean term in {@code bool.k}, a number
 *       as its exact sortable key in the point field {@code num.k}. {@code Contains} tests each string term of
 *       {@code attr.k} ({@link SubstringQuery}).
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
  private static final byte[] MIN_NUMBER = new byte[AttributeOrder.NUMBER_BYTES];
  private static final byte[] MAX_NUMBER = filled((byte) 0xFF);

  private LuceneFilters() {}

  private static byte[] filled(byte b) {
    byte[] bytes = new byte[AttributeOrder.NUMBER_BYTES];
    Arrays.fill(bytes, b);
    return bytes;
  }

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
      return in(eq.key(), List.of(eq.value()));
    } else if (filter instanceof Filter.In in) {
      if (in.values().isEmpty()) {
        return new MatchNoDocsQuery("in(" + in.key() + ") with no values");
      }
      return in(in.key(), in.values());
    } else if (filter instanceof Filter.Range range) {
      return range(range);
    } else if (filter instanceof Filter.Contains contains) {
      // strings only live in attr.k, so a number or boolean never matches, as in Filter.test
      return new SubstringQuery(LuceneKeywordIndex.attributeField(contains.key()), contains.substring());
    } else if (filter instanceof Filter.Exists exists) {
      String key = exists.key();
      // any term or point of the attribute's three fields: three leaves, which Filter counts as two conditions
      return new BooleanQuery.Builder().setMinimumNumberShouldMatch(1)
          .add(new TermRangeQuery(LuceneKeywordIndex.attributeField(key), null, null, true, true), Occur.SHOULD)
          .add(new TermRangeQuery(LuceneKeywordIndex.booleanField(key), null, null, true, true), Occur.SHOULD)
          .add(BinaryPoint.newRangeQuery(LuceneKeywordIndex.numberField(key), MIN_NUMBER, MAX_NUMBER),
              Occur.SHOULD)
          .build();
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
        + " is not supported by the Lucene keyword index; expected one of All, Eq, In, Range, Contains, "
        + "Exists, And, Or, Not, TimeRange");
  }

  /** Items whose {@code key} equals one of {@code values}: one leaf per kind of value among them. */
  private static Query in(String key, Collection<?> values) {
    List<BytesRef> strings = new ArrayList<>();
    List<BytesRef> booleans = new ArrayList<>();
    List<byte[]> numbers = new ArrayList<>();
    for (Object value : values) {
      if (value instanceof String s) {
        strings.add(new BytesRef(s));
      } else if (value instanceof Boolean b) {
        booleans.add(new BytesRef(b.toString()));
      } else {
        numbers.add(AttributeOrder.sortableNumber((Number) value));
      }
    }
    List<Query> leaves = new ArrayList<>(3);
    if (!strings.isEmpty()) {
      leaves.add(strings.size() == 1 ? new TermQuery(new Term(LuceneKeywordIndex.attributeField(key), strings.get(0)))
          : new TermInSetQuery(LuceneKeywordIndex.attributeField(key), strings));
    }
    if (!booleans.isEmpty()) {
      leaves.add(new TermInSetQuery(LuceneKeywordIndex.booleanField(key), booleans));
    }
    if (!numbers.isEmpty()) {
      leaves.add(BinaryPoint.newSetQuery(LuceneKeywordIndex.numberField(key), numbers.toArray(new byte[0][])));
    }
    if (leaves.size() == 1) {
      return leaves.get(0);
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder().setMinimumNumberShouldMatch(1);
    leaves.forEach(q -> b.add(q, Occur.SHOULD));
    return b.build();
  }

  /** A range over numbers (one point range) or strings (one term range, in UTF-8 order = code point order). */
  private static Query range(Filter.Range range) {
    Object bound = range.lower() != null ? range.lower() : range.upper();
    if (bound instanceof String) {
      return TermRangeQuery.newStringRange(LuceneKeywordIndex.attributeField(range.key()),
          (String) range.lower(), (String) range.upper(), range.lowerInclusive(), range.upperInclusive());
    }
    byte[] lower = range.lower() == null ? MIN_NUMBER : AttributeOrder.sortableNumber((Number) range.lower());
    byte[] upper = range.upper() == null ? MAX_NUMBER : AttributeOrder.sortableNumber((Number) range.upper());
    // point ranges are closed: step past an excluded bound to the next possible key
    if (range.lower() != null && !range.lowerInclusive()) {
      lower = step(lower, 1);
    }
    if (range.upper() != null && !range.upperInclusive()) {
      upper = step(upper, -1);
    }
    if (lower == null || upper == null || Arrays.compareUnsigned(lower, upper) > 0) {
      return new MatchNoDocsQuery("empty range on " + range.key());
    }
    return BinaryPoint.newRangeQuery(LuceneKeywordIndex.numberField(range.key()), lower, upper);
  }

  /** The key one above ({@code +1}) or below ({@code -1}) {@code key} as an unsigned number, or null past the end. */
  private static byte[] step(byte[] key, int direction) {
    byte[] next = key.clone();
    for (int i = next.length - 1; i >= 0; i--) {
      int b = (next[i] & 0xFF) + direction;
      next[i] = (byte) b;
      if (b >= 0 && b <= 0xFF) {
        return next;
      }
    }
    return null; // carried out of the top byte
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
