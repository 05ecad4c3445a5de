package dev.quiver.solr;

import dev.quiver.Filter;
import dev.quiver.spi.AttributeOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.RegexpQuery;
import org.apache.lucene.util.automaton.Operations;
import org.apache.lucene.util.automaton.TooComplexToDeterminizeException;
import org.apache.solr.common.params.ModifiableSolrParams;

/**
 * Translates a {@link Filter} into one Solr filter query with the meaning of {@link Filter#test}. Every
 * combinator is a {@code {!bool}} query and every condition a {@code {!term}}, a range or, for {@code contains},
 * a regexp over hex keys (see {@link SolrFields#key}); clauses and values travel as request parameters
 * referenced by {@code $name}, so nothing a user wrote is ever parsed as syntax.
 */
final class SolrFilters {
  private static final String ALL = "*:*";

  private final ModifiableSolrParams params;
  private final String prefix;
  private int next;

  private SolrFilters(ModifiableSolrParams params, String prefix) {
    this.params = params;
    this.prefix = prefix;
  }

  /**
   * The filter query for {@code filter}, with the parameters it references added to {@code params} under names
   * starting with {@code prefix}; null for {@link Filter#all()}.
   */
  static String translate(Filter filter, ModifiableSolrParams params, String prefix) {
    if (filter instanceof Filter.All) {
      return null;
    }
    return new SolrFilters(params, prefix).query(filter);
  }

  private String query(Filter filter) {
    if (filter instanceof Filter.All) {
      return ALL;
    } else if (filter instanceof Filter.Eq eq) {
      return term(SolrFields.keyField(eq.key(), AttributeOrder.kind(eq.value())), SolrFields.key(eq.value()));
    } else if (filter instanceof Filter.In in) {
      // one term set per kind of value: a single clause however many values, so Solr's limit of 1,024 clauses
      // per query never meets the 4,096 values an in() may hold; hex keys and booleans hold no comma
      Map<AttributeOrder.Kind, List<String>> keys = new EnumMap<>(AttributeOrder.Kind.class);
      for (Object v : in.values()) {
        keys.computeIfAbsent(AttributeOrder.kind(v), k -> new ArrayList<>()).add(SolrFields.key(v));
      }
      List<String> sets = new ArrayList<>();
      for (Map.Entry<AttributeOrder.Kind, List<String>> e : keys.entrySet()) {
        sets.add("{!terms f=" + SolrFields.keyField(in.key(), e.getKey()) + " v=$"
            + param(String.join(",", e.getValue())) + "}");
      }
      return bool("should", sets, null);
    } else if (filter instanceof Filter.Range range) {
      return range(range);
    } else if (filter instanceof Filter.Contains contains) {
      return contains(contains);
    } else if (filter instanceof Filter.Exists exists) {
      return term(SolrFields.ATTRIBUTE_NAMES, exists.key());
    } else if (filter instanceof Filter.And and) {
      if (and.filters().isEmpty()) {
        return ALL;
      }
      return bool("filter", queries(and.filters()), null);
    } else if (filter instanceof Filter.Or or) {
      // no operands: no clause can match, and a bool query without clauses matches nothing
      return bool("should", queries(or.filters()), null);
    } else if (filter instanceof Filter.Not not) {
      // a negation alone matches nothing in Lucene: it subtracts from every document
      return bool("filter", List.of(ALL), query(not.filter()));
    } else if (filter instanceof Filter.TimeRange time) {
      return SolrFields.TIMESTAMP + ":[" + time.fromInclusive() + " TO " + time.toExclusive() + "}";
    }
    throw new IllegalArgumentException("unknown filter " + filter);
  }

  private List<String> queries(List<Filter> filters) {
    List<String> out = new ArrayList<>(filters.size());
    for (Filter f : filters) {
      out.add(query(f));
    }
    return out;
  }

  /** The keys of the range's kind only: a number range never matches a string, as in {@link Filter#test}. */
  private String range(Filter.Range range) {
    Object bound = range.lower() != null ? range.lower() : range.upper();
    String field = SolrFields.keyField(range.key(), AttributeOrder.kind(bound));
    String lower = range.lower() == null ? "*" : SolrFields.key(range.lower());
    String upper = range.upper() == null ? "*" : SolrFields.key(range.upper());
    // hex keys and field names of letters, digits and _ need no escaping
    return field + ":" + (range.lowerInclusive() || range.lower() == null ? "[" : "{") + lower + " TO " + upper
        + (range.upperInclusive() || range.upper() == null ? "]" : "}");
  }

  /**
   * A regexp over the string keys of the attribute: {@code s}, whole bytes, then the substring's bytes. A
   * wildcard {@code *hex*} would also match the hex at an odd offset, which is not a substring; the regexp
   * aligns to bytes. Bytes are chars here: UTF-8 of well-formed strings matches exactly where {@link
   * String#contains} does. Solr builds a {@link RegexpQuery} from it, whose automaton Lucene refuses past its
   * determinize work limit (one letter repeated 222 times reaches it; random text runs to a few thousand
   * bytes): the same query is built here first, with the same Lucene, so such a filter is refused before
   * anything is sent rather than failing inside Solr.
   */
  private String contains(Filter.Contains contains) {
    String field = SolrFields.keyField(contains.key(), AttributeOrder.Kind.STRING);
    String key = SolrFields.key(contains.substring()); // "s" and the hex of the substring's UTF-8
    String regexp = "s([0-9a-f]{2})*" + key.substring(1) + ".*";
    try {
      new RegexpQuery(new Term(field, regexp));
    } catch (TooComplexToDeterminizeException e) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "contains(%s) with a substring of %d characters (%d UTF-8 bytes) is too complex for Solr: its "
              + "regexp passes Lucene's determinize work limit of %d; expected a shorter or less repetitive "
              + "substring (one letter repeated reaches the limit at 222 bytes), or the embedded Quiver store, "
              + "which runs any",
          contains.key(), contains.substring().length(), (key.length() - 1) / 2,
          Operations.DEFAULT_DETERMINIZE_WORK_LIMIT), e);
    }
    // field names of letters, digits and _, and a regexp of hex digits and [](){}*., need no escaping
    return field + ":/" + regexp + "/";
  }

  private String term(String field, String value) {
    return "{!term f=" + field + " v=$" + param(value) + "}";
  }

  private String bool(String occur, List<String> clauses, String mustNot) {
    StringBuilder b = new StringBuilder("{!bool");
    for (String clause : clauses) {
      b.append(' ').append(occur).append("=$").append(param(clause));
    }
    if (mustNot != null) {
      b.append(" must_not=$").append(param(mustNot));
    }
    return b.append('}').toString();
  }

  private String param(String value) {
    String name = prefix + next++;
    params.set(name, value);
    return name;
  }
}
