package dev.quiver;

import dev.quiver.spi.QuiverListener;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A store's listeners, each called in turn; one that throws is logged (once per listener, so a broken meter does
 * not flood the log) and skipped. Absent, the store holds null and never reads the clock for listeners.
 */
final class Listeners {
  private static final System.Logger LOG = System.getLogger(Listeners.class.getName());

  private final Path store;
  private final List<QuiverListener> listeners;
  private final AtomicBoolean[] logged;

  private Listeners(Path store, List<QuiverListener> listeners) {
    this.store = store;
    this.listeners = listeners;
    this.logged = new AtomicBoolean[listeners.size()];
    for (int i = 0; i < logged.length; i++) {
      logged[i] = new AtomicBoolean();
    }
  }

  static @Nullable Listeners of(Path store, List<QuiverListener> listeners) {
    return listeners.isEmpty() ? null : new Listeners(store, List.copyOf(listeners));
  }

  void searched(SearchMode mode, long elapsedNanos, long vectorNanos, long keywordNanos, SearchResult result) {
    QuiverEvent.Search event = new QuiverEvent.Search(store, mode, elapsedNanos, vectorNanos, keywordNanos, result);
    each("searched", l -> l.searched(event));
  }

  void wrote(QuiverEvent.Write.Kind kind, int items, long elapsedNanos) {
    QuiverEvent.Write event = new QuiverEvent.Write(store, kind, items, elapsedNanos);
    each("wrote", l -> l.wrote(event));
  }

  void embedded(QuiverEvent.Embed.Kind kind, int texts, String modelId, long elapsedNanos) {
    QuiverEvent.Embed event = new QuiverEvent.Embed(store, kind, texts, modelId, elapsedNanos);
    each("embedded", l -> l.embedded(event));
  }

  void quarantined(@Nullable Path movedTo, String problem) {
    QuiverEvent.Quarantine event = new QuiverEvent.Quarantine(store, movedTo, problem);
    each("quarantined", l -> l.quarantined(event));
  }

  void rebuilt(Side side, long items, long elapsedNanos) {
    QuiverEvent.Rebuild event = new QuiverEvent.Rebuild(store, side, items, elapsedNanos);
    each("rebuilt", l -> l.rebuilt(event));
  }

  private void each(String method, Consumer<QuiverListener> call) {
    for (int i = 0; i < listeners.size(); i++) {
      QuiverListener listener = listeners.get(i);
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        if (logged[i].compareAndSet(false, true)) {
          LOG.log(System.Logger.Level.WARNING, "listener " + listener + " of store " + store + " threw from "
              + method + "; the store goes on, and further failures of this listener are not logged", e);
        }
      }
    }
  }
}
