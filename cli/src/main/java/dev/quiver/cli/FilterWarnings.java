package dev.quiver.cli;

import dev.quiver.Filter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Why {@code --filter} may have matched nothing: keys that no stored item has (a typo, usually), anywhere in
 * an expression, and an empty value ({@code room=}), which matches only items whose attribute is the empty
 * string. Looks at every item,
 * so it is asked only when a search found nothing, or once for a batch of queries.
 */
final class FilterWarnings {
  /** Keys listed in a warning, at most. */
  private static final int SHOWN_KEYS = 20;

  private FilterWarnings() {}

  /** One line per problem, without a prefix; empty when every filter may match. */
  static List<String> of(StoreReader quiver, List<Filter> filters) {
    if (filters == null || filters.isEmpty()) {
      return List.of();
    }
    Set<String> wanted = new LinkedHashSet<>();
    Set<String> emptyWanted = new LinkedHashSet<>();
    for (Filter f : filters) {
      collect(f, wanted, emptyWanted);
    }
    if (wanted.isEmpty()) {
      return List.of();
    }
    Set<String> seen = new TreeSet<>();
    Set<String> seenEmpty = new LinkedHashSet<>();
    quiver.forEach((item, vector) -> item.attributes().forEach((k, v) -> {
      seen.add(k);
      if (emptyWanted.contains(k) && "".equals(v)) {
        seenEmpty.add(k);
      }
    }));
    List<String> warnings = new ArrayList<>();
    for (String key : wanted) {
      if (!seen.contains(key)) {
        warnings.add("no item has attribute '" + key + "', so a --filter condition on " + key + " matches no item "
            + "(and its negation every item); "
            + (seen.isEmpty() ? "no item has any attribute" : "attributes: " + list(seen)));
      } else if (emptyWanted.contains(key) && !seenEmpty.contains(key)) {
        warnings.add("--filter " + key + "= matches items whose '" + key + "' is the empty string, and none is; "
            + "give a value: --filter " + key + "=VALUE");
      }
    }
    return warnings;
  }

  /** The keys {@code f} names, and those it asks to equal the empty string ({@code room=}). */
  private static void collect(Filter f, Set<String> keys, Set<String> emptyWanted) {
    if (f instanceof Filter.Eq eq) {
      keys.add(eq.key());
      if ("".equals(eq.value())) {
        emptyWanted.add(eq.key());
      }
    } else if (f instanceof Filter.In in) {
      keys.add(in.key());
      if (in.values().contains("")) {
        emptyWanted.add(in.key());
      }
    } else if (f instanceof Filter.Range r) {
      keys.add(r.key());
    } else if (f instanceof Filter.Exists e) {
      keys.add(e.key());
    } else if (f instanceof Filter.Contains c) {
      keys.add(c.key());
    } else if (f instanceof Filter.And and) {
      and.filters().forEach(g -> collect(g, keys, emptyWanted));
    } else if (f instanceof Filter.Or or) {
      or.filters().forEach(g -> collect(g, keys, emptyWanted));
    } else if (f instanceof Filter.Not not) {
      collect(not.filter(), keys, emptyWanted);
    }
    // All and TimeRange name no key
  }

  private static String list(Set<String> keys) {
    List<String> shown = new ArrayList<>(keys).subList(0, Math.min(keys.size(), SHOWN_KEYS));
    return String.join(", ", shown) + (keys.size() > SHOWN_KEYS ? ", ... (" + keys.size() + " in all)" : "");
  }
}
