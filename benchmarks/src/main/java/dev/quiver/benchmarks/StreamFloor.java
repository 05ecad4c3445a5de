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
    FloatVector a0 = FloatVector.zero(SPECIES);
    FloatVector a1 = FloatVector.zero(SPECIES);
    float tail = 0;
    int step = SPECIES.length();
    for (int c = 0; c < s.chunkCount(); c++) {
      int first = Snapshot.chunkStart(c);
      float[] chunk = s.chunk(first);
      int floats = Math.min(Snapshot.chunkSlots(), s.size() - first) * s.dimensions();
      int i = 0;
      // two independent accumulators keep the adds from serialising on one register
      for (; i + 2 * step <= floats; i += 2 * step) {
        a0 = a0.add(FloatVector.fromArray(SPECIES, chunk, i));
        a1 = a1.add(FloatVector.fromArray(SPECIES, chunk, i + step));
      }
      for (; i < floats; i++) {
        tail += chunk[i];
      }
    }
    return a0.add(a1).reduceLanes(VectorOperators.ADD) + tail;
  }
}
