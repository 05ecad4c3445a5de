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
 * @param snippet for a keyword match, a short passage of the text with each matched term marked {@code «like
 *     this»} (the keyword index's analysis decides what matches: "deploying" marks "«deployed»" under English
 *     stemming); {@code null} when the keyword side did not find the item, its engine offers no snippets, or
 *     the request turned them off ({@link SearchRequest#snippets(boolean)})
 */
public record Hit(String id, double score, Map<String, Object> attributes, @Nullable String text, @Nullable Long timestamp,
    Explanation explanation, @Nullable String snippet) {}
