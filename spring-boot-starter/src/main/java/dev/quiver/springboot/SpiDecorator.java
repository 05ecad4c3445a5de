package dev.quiver.springboot;

import dev.quiver.spi.KeywordIndex;
import dev.quiver.spi.QuiverListener;
import org.jspecify.annotations.Nullable;

/**
 * What the meters add to the store's options: a listener for the store's own events, and a wrapped keyword index
 * for what no event covers (its applied batches). Free of Micrometer types, so that the auto-configuration loads
 * without Micrometer.
 */
interface SpiDecorator {
  /** The listener to register, or null when there is nothing to record into. */
  @Nullable QuiverListener listener();

  KeywordIndex.Factory keywordIndex(KeywordIndex.Factory factory);
}
