package dev.quiver.internal.storefile;

import dev.quiver.Item;

/**
 * One item as the store file holds it.
 *
 * @param item the item
 * @param vector its vector as stored (normalised under cosine), or {@code null} when not embedded
 * @param seq the change sequence that wrote it
 */
public record StoredRow(Item item, float[] vector, long seq) {}
