package dev.quiver.benchmarks;

import dev.quiver.internal.memory.Snapshot;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Sums every vector component of a snapshot: the least work a full scan can do, so its time is the floor. */
final class StreamFloor {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private StreamFloor() {}

  static float sum(Snapshot s) {
    float total = 0;
    for (int c = 0; c < s.chunkCount(); c++) {
      int first = Snapshot.chunkStart(c);
      total += sumChunk(s.chunk(first), Math.min(Snapshot.chunkSlots(), s.size() - first) * s.dimensions());
    }
    return total;
  }

  /**
   * One accumulator in a method of its own: C2 keeps the vector in a register here, whereas with the loop
   * inlined into the chunk loop (or with two accumulators) it fell back to boxed vectors, 20x slower.
   */
  private static float sumChunk(float[] chunk, int floats) {
    FloatVector acc = FloatVector.zero(SPECIES);
    int i = 0;
    for (; i + SPECIES.length() <= floats; i += SPECIES.length()) {
      acc = acc.add(FloatVector.fromArray(SPECIES, chunk, i));
    }
    float tail = 0;
    for (; i < floats; i++) {
      tail += chunk[i];
    }
    return acc.reduceLanes(VectorOperators.ADD) + tail;
  }
}
