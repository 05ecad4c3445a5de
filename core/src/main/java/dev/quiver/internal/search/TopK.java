package dev.quiver.internal.search;

import dev.quiver.internal.memory.Snapshot;

/**
 * The best {@code k} (score, ordinal) pairs seen so far: a binary min-heap over two primitive arrays, so
 * offering a candidate allocates nothing. Equal scores are ordered by item id, ascending, so results are
 * deterministic whatever the scan order.
 */
final class TopK {
  private final float[] scores;
  private final int[] ordinals;
  private final Snapshot snapshot;
  private int size;

  TopK(int k, Snapshot snapshot) {
    this.scores = new float[k];
    this.ordinals = new int[k];
    this.snapshot = snapshot;
  }

  /** The score a candidate must beat (or tie) to enter; negative infinity until the heap is full. */
  float threshold() {
    return size < scores.length ? Float.NEGATIVE_INFINITY : scores[0];
  }

  void offer(float score, int ordinal) {
    if (size < scores.length) {
      scores[size] = score;
      ordinals[size] = ordinal;
      siftUp(size++);
    } else if (worse(scores[0], ordinals[0], score, ordinal)) {
      scores[0] = score;
      ordinals[0] = ordinal;
      siftDown(0);
    }
  }

  /** Whether (s1, o1) ranks below (s2, o2). */
  private boolean worse(float s1, int o1, float s2, int o2) {
    if (s1 != s2) {
      return s1 < s2;
    }
    return id(o1).compareTo(id(o2)) > 0;
  }

  private String id(int ordinal) {
    return snapshot.record(ordinal).item().id();
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worse(scores[i], ordinals[i], scores[parent], ordinals[parent])) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int right = left + 1;
      int child = right < size && worse(scores[right], ordinals[right], scores[left], ordinals[left]) ? right : left;
      if (!worse(scores[child], ordinals[child], scores[i], ordinals[i])) {
        return;
      }
      swap(i, child);
      i = child;
    }
  }

  private void swap(int i, int j) {
    float s = scores[i];
    scores[i] = scores[j];
    scores[j] = s;
    int o = ordinals[i];
    ordinals[i] = ordinals[j];
    ordinals[j] = o;
  }

  /** Drains the heap, best first, into {@code outScores} and {@code outOrdinals}; returns the count. */
  int drainBestFirst(float[] outScores, int[] outOrdinals) {
    int n = size;
    for (int i = n - 1; i >= 0; i--) {
      outScores[i] = scores[0];
      outOrdinals[i] = ordinals[0];
      size--;
      if (size > 0) {
        scores[0] = scores[size];
        ordinals[0] = ordinals[size];
        siftDown(0);
      }
    }
    return n;
  }
}
