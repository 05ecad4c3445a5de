package dev.quiver.langchain4j;

import dev.langchain4j.store.embedding.filter.comparison.ContainsString;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import dev.quiver.Filter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * LangChain4j's metadata filters as Quiver filters, one to one.
 *
 * <p>The meanings agree: a comparison never matches an item without the key, while {@code IsNotEqualTo},
 * {@code IsNotIn} and {@code Not} do match it (Quiver's negations match items that lack the attribute);
 * numbers compare as numbers across Integer, Long, Float and Double; strings compare exactly and by code
 * point. Values are converted as {@link Values} says, so a UUID filter value meets a UUID stored as its string.
 *
 * <p>{@link ContainsString} has no Quiver counterpart (Quiver filters match whole values), so it is refused
 * with an {@link UnsupportedOperationException}, the exception LangChain4j's own store suite expects of a
 * store without it.
 */
final class Filters {
  private Filters() {}

  /** The Quiver filter for {@code filter}; {@link Filter#all()} for null. */
  static Filter toQuiver(dev.langchain4j.store.embedding.filter.@Nullable Filter filter) {
    if (filter == null) {
      return Filter.all();
    } else if (filter instanceof IsEqualTo f) {
      return new Filter.Eq(f.key(), Values.toQuiver(f.comparisonValue(), f.key()));
    } else if (filter instanceof IsNotEqualTo f) {
      return Filter.not(new Filter.Eq(f.key(), Values.toQuiver(f.comparisonValue(), f.key())));
    } else if (filter instanceof IsIn f) {
      return Filter.in(f.key(), values(f.key(), f.comparisonValues()));
    } else if (filter instanceof IsNotIn f) {
      return Filter.notIn(f.key(), values(f.key(), f.comparisonValues()));
    } else if (filter instanceof IsGreaterThan f) {
      return new Filter.Range(f.key(), Values.toQuiver(f.comparisonValue(), f.key()), false, null, false);
    } else if (filter instanceof IsGreaterThanOrEqualTo f) {
      return new Filter.Range(f.key(), Values.toQuiver(f.comparisonValue(), f.key()), true, null, false);
    } else if (filter instanceof IsLessThan f) {
      return new Filter.Range(f.key(), null, false, Values.toQuiver(f.comparisonValue(), f.key()), false);
    } else if (filter instanceof IsLessThanOrEqualTo f) {
      return new Filter.Range(f.key(), null, false, Values.toQuiver(f.comparisonValue(), f.key()), true);
    } else if (filter instanceof And f) {
      return Filter.and(toQuiver(f.left()), toQuiver(f.right()));
    } else if (filter instanceof Or f) {
      return Filter.or(toQuiver(f.left()), toQuiver(f.right()));
    } else if (filter instanceof Not f) {
      return Filter.not(toQuiver(f.expression()));
    } else if (filter instanceof ContainsString f) {
      throw new UnsupportedOperationException("ContainsString(" + f.key() + ", '" + f.comparisonValue() + "') is "
          + "not supported by Quiver: its filters match whole values; use IsEqualTo or IsIn, or Quiver's "
          + "keyword search (QuiverContentRetriever) for words in the text");
    }
    throw new UnsupportedOperationException("filter " + filter.getClass().getName() + " (" + filter + ") is not "
        + "supported; Quiver supports LangChain4j's comparison filters except ContainsString, and And, Or, Not");
  }

  private static List<Object> values(String key, java.util.Collection<?> given) {
    List<Object> out = new ArrayList<>(given.size());
    for (Object v : given) {
      out.add(Values.toQuiver(v, key));
    }
    return out;
  }
}
