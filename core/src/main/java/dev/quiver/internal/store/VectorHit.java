package dev.quiver.internal.store;

import dev.quiver.Item;

/**
 * One result of an exact vector search.
 *
 * @param item the item as stored
 * @param score similarity under the store's metric; higher is better
 */
public record VectorHit(Item item, float score) {
  /** The item's id. */
  public String id() {
    return item.id();
  }
}
