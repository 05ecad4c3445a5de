package dev.quiver.cli;

import dev.quiver.spi.KeywordIndex;
import java.lang.reflect.InvocationTargetException;

/**
 * The Lucene keyword index factory, found reflectively: {@code quiver-lucene-keyword} is built in parallel with
 * this module, so the CLI compiles without it and, when it is not on the class path, runs vector-only (the
 * store's normal degraded mode). Once the module is on main this can become a plain call to
 * {@code dev.quiver.keyword.LuceneKeywordIndex.factory()}.
 */
final class KeywordIndexes {
  static final String LUCENE_CLASS = "dev.quiver.keyword.LuceneKeywordIndex";

  private KeywordIndexes() {}

  /** Lucene's factory, or {@code null} when the Lucene module is not on the class path. */
  static KeywordIndex.Factory lucene() {
    Class<?> type;
    try {
      type = Class.forName(LUCENE_CLASS);
    } catch (ClassNotFoundException e) {
      return null;
    } catch (LinkageError e) {
      // The module is there but Lucene is not (or is another version): a broken class path, not a choice.
      throw new IllegalStateException(LUCENE_CLASS + " is on the class path but cannot be loaded: " + e, e);
    }
    try {
      return (KeywordIndex.Factory) type.getMethod("factory").invoke(null);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(LUCENE_CLASS + ".factory() failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IllegalStateException(LUCENE_CLASS + " has no public static factory() returning a "
          + "KeywordIndex.Factory: " + e, e);
    }
  }
}
