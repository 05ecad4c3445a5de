package dev.quiver.spi;

import dev.quiver.QuiverEvent;

/**
 * Hears what a store does, for metrics and logs: searches, writes, embedding, quarantines and rebuilds. Register
 * with {@code QuiverOptions.builder().addListener(...)}. Every method has an empty default, so a listener overrides
 * only what it wants and new events do not break it.
 *
 * <p>Methods are called on the thread that did the work (the caller's, for searches and writes; the healing
 * thread, for a keyword rebuild after a failed search), after it finished, sometimes while the store holds its
 * write lock: return quickly, and never write to the store from a listener. A listener that throws fails
 * nothing: the exception is logged once per listener and the operation goes on. A store without listeners does
 * not read the clock for them.
 */
public interface QuiverListener {

  /** A search returned. */
  default void searched(QuiverEvent.Search event) {}

  /** Items were indexed or deleted. */
  default void wrote(QuiverEvent.Write event) {}

  /** The store's embedder returned vectors. */
  default void embedded(QuiverEvent.Embed event) {}

  /** A damaged vector file was moved aside. */
  default void quarantined(QuiverEvent.Quarantine event) {}

  /** A side was rebuilt. */
  default void rebuilt(QuiverEvent.Rebuild event) {}
}
