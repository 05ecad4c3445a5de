package dev.quiver.springboot;

import dev.quiver.spi.Embedder;
import dev.quiver.spi.KeywordIndex;

/**
 * Wraps the SPIs the store is opened with, for a starter feature that must see their calls (the meters: core has
 * no listener hook). Free of Micrometer types, so that the auto-configuration loads without Micrometer.
 */
interface SpiDecorator {
  Embedder embedder(Embedder embedder);

  KeywordIndex.Factory keywordIndex(KeywordIndex.Factory factory);
}
