package dev.quiver;

import dev.quiver.spi.Embedder;
import dev.quiver.spi.KeywordIndex;
import dev.quiver.internal.store.VectorStore;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * Everything one search reads, published as a whole after each write: the vector view and the keyword
 * reader of the same committed change, and why a side cannot answer. A search retains the state it started
 * with, so every hit is built from the committed state that ranked it, whatever is written meanwhile.
 *
 * <p>Reference counted: the store holds one reference until it publishes a successor, each search one
 * while it runs; the keyword reader is released with the last.
 */
final class ReadState {
  private static final System.Logger LOG = System.getLogger(ReadState.class.getName());

  final VectorSideState vectorState;
  /** Why the vector side cannot answer, or null. */
  final String vectorProblem;
  /** The vector view, or null when the vector side cannot answer. */
  final VectorStore.View vectors;
  /** The open vector file's view even when it cannot answer (rebuilding, quarantined), or null. */
  final VectorStore.View file;
  /** The model of {@link #file}'s vectors, which embeds this state's queries; null when there is none. */
  final @Nullable Embedder embedder;
  final KeywordSideState keywordState;
  /** Why the keyword side cannot answer, or null. */
  final String keywordProblem;
  /** The keyword reader, or null when the keyword side cannot answer. */
  final KeywordIndex.Reader keywords;
  private final AtomicInteger references = new AtomicInteger(1);

  ReadState(VectorSideState vectorState, String vectorProblem, VectorStore.View file, @Nullable Embedder embedder,
      KeywordSideState keywordState, String keywordProblem, KeywordIndex.Reader keywords) {
    this.vectorState = vectorState;
    this.vectorProblem = vectorProblem;
    this.file = file;
    this.embedder = embedder;
    this.vectors = vectorState == VectorSideState.READY ? file : null;
    this.keywordState = keywordState;
    this.keywordProblem = keywordProblem;
    this.keywords = keywords;
  }

  /** Takes a reference; false when the state was already released by everyone and must not be used. */
  boolean retain() {
    while (true) {
      int n = references.get();
      if (n == 0) {
        return false;
      }
      if (references.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  void release() {
    if (references.decrementAndGet() == 0 && keywords != null) {
      try {
        keywords.close();
      } catch (IOException e) {
        LOG.log(System.Logger.Level.WARNING, "releasing a keyword reader: {0}", e.getMessage());
      }
    }
  }
}
