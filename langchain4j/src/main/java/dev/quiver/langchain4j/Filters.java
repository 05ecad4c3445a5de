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
 * <p>{@link ContainsString} is {@link Filter#contains}: a case-sensitive {@link String#contains} on a string
 * value. LangChain4j throws when the value is not a string; Quiver never fails a search on a value's type, so
 * such an item does not match (and matches {@code Not(ContainsString)}). A UUID, stored as its string with its
 * type recorded beside it, is not a string to LangChain4j either, so the record is excluded.
 *
 * <p>Every filter in {@code dev.langchain4j.store.embedding.filter} has a counterpart; a filter class of the
 * caller's own is refused with an {@link UnsupportedOperationException}.
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
      return Filter.and(Filter.contains(f.key(), f.comparisonValue()),
          Filter.not(Filter.exists(QuiverEmbeddingStore.TYPE_ATTRIBUTE_PREFIX + f.key())));
    }
    throw new UnsupportedOperationException("filter " + filter.getClass().getName() + " (" + filter + ") is not "
        + "supported; Quiver supports the filters of dev.langchain4j.store.embedding.filter: every comparison, "
        + "and And, Or, Not");
  }

  private static List<Object> values(String key, java.util.Collection<?> given) {
    List<Object> out = new ArrayList<>(given.size());
    for (Object v : given) {
      out.add(Values.toQuiver(v, key));
    }
    return out;
  }
}
