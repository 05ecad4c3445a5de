package dev.quiver.internal.search;

import dev.quiver.Filter;
import dev.quiver.internal.memory.Snapshot;
import org.roaringbitmap.RoaringBitmap;

/**
 * Evaluates a {@link Filter} against a snapshot's facet bitmaps into the set of matching ordinals.
 *
 * <p>The evaluation recurses once per level of nesting; {@link Filter} refuses filters deeper than
 * {@link Filter#MAX_DEPTH} when they are built, so the stack stays a few dozen frames deep. The work is one
 * facet lookup per {@code eq} or {@code in} value (at most {@link Filter#MAX_VALUES}), one union per range
 * or {@code exists} over the distinct values it spans, one substring test per distinct string value of the
 * attribute and one union per match for a {@code contains}, and one bitmap operation per node.
 */
final class FilterBitmaps {
  private FilterBitmaps() {}

  /**
   * @return matching ordinals below {@code snapshot.size()}, possibly including dead ones (the caller removes
   *     those), or {@code null} for "every ordinal"
   */
  static RoaringBitmap evaluate(Filter filter, Snapshot snapshot) {
    if (filter instanceof Filter.All) {
      return null;
    }
    return materialize(filter, snapshot);
  }

  private static RoaringBitmap materialize(Filter filter, Snapshot s) {
    if (filter instanceof Filter.All) {
      return RoaringBitmap.bitmapOfRange(0, s.size());
    } else if (filter instanceof Filter.Eq eq) {
      return s.facet(eq.key(), eq.value());
    } else if (filter instanceof Filter.In in) {
      RoaringBitmap union = new RoaringBitmap();
      for (Object value : in.values()) {
        union.or(s.facet(in.key(), value));
      }
      return union;
    } else if (filter instanceof Filter.Range range) {
      return s.facetRange(range.key(), range.lower(), range.lowerInclusive(), range.upper(),
          range.upperInclusive());
    } else if (filter instanceof Filter.Contains contains) {
      return s.facetContaining(contains.key(), contains.substring());
    } else if (filter instanceof Filter.Exists exists) {
      return s.facetAny(exists.key());
    } else if (filter instanceof Filter.And and) {
      RoaringBitmap result = null;
      for (Filter f : and.filters()) {
        RoaringBitmap next = materialize(f, s);
        if (result == null) {
          result = next.clone(); // never modify a snapshot's own facet bitmap
        } else {
          result.and(next);
        }
      }
      return result == null ? RoaringBitmap.bitmapOfRange(0, s.size()) : result;
    } else if (filter instanceof Filter.Or or) {
      RoaringBitmap result = new RoaringBitmap();
      for (Filter f : or.filters()) {
        result.or(materialize(f, s));
      }
      return result;
    } else if (filter instanceof Filter.Not not) {
      RoaringBitmap all = RoaringBitmap.bitmapOfRange(0, s.size());
      all.andNot(materialize(not.filter(), s));
      return all;
    } else if (filter instanceof Filter.TimeRange range) {
      return s.timeRange(range.fromInclusive(), range.toExclusive());
    }
    throw new IllegalArgumentException("unknown filter " + filter);
  }
}
