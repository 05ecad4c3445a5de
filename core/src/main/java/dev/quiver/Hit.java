package dev.quiver;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One search result.
 *
 * @param id the item's id
 * @param score the fused score (or the single side's score when only one side answered); higher is better
 * @param attributes the item's attributes
 * @param text the item's text, or {@code null} when not requested
 * @param timestamp the item's timestamp, or {@code null}
 * @param explanation rank and score on each side
 */
public record Hit(String id, double score, Map<String, Object> attributes, @Nullable String text, @Nullable Long timestamp,
    Explanation explanation) {}
