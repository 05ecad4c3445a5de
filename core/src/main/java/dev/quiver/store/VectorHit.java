package dev.quiver.store;

import java.util.Map;

/**
 * One result of an exact vector search.
 *
 * @param id the item's id
 * @param score similarity under the store's metric; higher is better
 * @param attributes the item's attributes
 */
public record VectorHit(String id, float score, Map<String, String> attributes) {}
