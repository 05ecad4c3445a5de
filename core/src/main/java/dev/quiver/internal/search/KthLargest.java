package dev.quiver.internal.search;

/**
 * The {@code k} largest floats offered so far, in a primitive min-heap: a scan only ever asks for the
 * smallest of them, the bar the next value must clear.
 */
final class KthLargest {
  private final float[] heap;
  private int size;

  KthLargest(int k) {
    this.heap = new float[k];
  }

  /** The k-th largest value offered; negative infinity until k values have been offered. */
  float threshold() {
    return size < heap.length ? Float.NEGATIVE_INFINITY : heap[0];
  }

  void offer(float value) {
    if (size < heap.length) {
      heap[size] = value;
      siftUp(size++);
    } else if (value > heap[0]) {
      heap[0] = value;
      siftDown(0);
    }
  }

  void offerAll(KthLargest other) {
    for (int i = 0; i < other.size; i++) {
      offer(other.heap[i]);
    }
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (heap[parent] <= heap[i]) {
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
      int child = right < size && heap[right] < heap[left] ? right : left;
      if (heap[i] <= heap[child]) {
        return;
      }
      swap(i, child);
      i = child;
    }
  }

  private void swap(int i, int j) {
    float t = heap[i];
    heap[i] = heap[j];
    heap[j] = t;
  }
}
