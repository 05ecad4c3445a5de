package dev.quiver.internal.storefile;

import dev.quiver.Item;
import java.util.List;

/**
 * The changes committed after some sequence, for a derived index to catch up.
 *
 * @param upserts the current state of each item written since; an id appears once
 * @param deletedIds ids deleted since and not written again
 * @param lastSequence the sequence the batch brings its reader up to
 * @param complete whether nothing newer remains
 */
public record ChangeBatch(List<Item> upserts, List<String> deletedIds, long lastSequence, boolean complete) {}
