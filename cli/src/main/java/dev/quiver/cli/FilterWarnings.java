package dev.quiver.cli;

import dev.quiver.Filter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Why {@code --filter} may have matched nothing: keys that no stored item has (a typo, usually), and an empty
 * value ({@code room=}), which matches only items whose attribute is the empty string. Looks at every item,
 * so it is asked only when a search found nothing, or once for a batch of queries.
 */
final class FilterWarnings {
  /** Keys listed in a warning, at most. */
  private static final int SHOWN_KEYS = 20;

  private FilterWarnings() {}

  /** One line per problem, without a prefix; empty when every filter may match. */
  static List<String> of(StoreReader quiver, List<Filter.Eq> filters) {
    if (filters == null || filters.isEmpty()) {
      return List.of();
    }
    Set<String> wanted = new LinkedHashSet<>();
    Set<String> emptyWanted = new LinkedHashSet<>();
    for (Filter.Eq f : filters) {
      wanted.add(f.key());
      if ("".equals(f.value())) { // --filter values are strings
        emptyWanted.add(f.key());
      }
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
        warnings.add("no item has attribute '" + key + "', so --filter " + key + "=... matches nothing; "
            + (seen.isEmpty() ? "no item has any attribute" : "attributes: " + list(seen)));
      } else if (emptyWanted.contains(key) && !seenEmpty.contains(key)) {
        warnings.add("--filter " + key + "= matches items whose '" + key + "' is the empty string, and none is; "
            + "give a value: --filter " + key + "=VALUE");
      }
    }
    return warnings;
  }

  private static String list(Set<String> keys) {
    List<String> shown = new ArrayList<>(keys).subList(0, Math.min(keys.size(), SHOWN_KEYS));
    return String.join(", ", shown) + (keys.size() > SHOWN_KEYS ? ", ... (" + keys.size() + " in all)" : "");
  }
}
