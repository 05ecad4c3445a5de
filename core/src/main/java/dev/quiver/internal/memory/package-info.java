/**
 * The in-memory arena: float chunks and int8 codes addressed by ordinal, item records, tombstones and facet
 * bitmaps, published as immutable snapshots by the single writer. Not API.
 */
@NullMarked
package dev.quiver.internal.memory;

import org.jspecify.annotations.NullMarked;
