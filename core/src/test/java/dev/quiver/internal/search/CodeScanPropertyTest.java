package dev.quiver.internal.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Item;
import dev.quiver.Metric;
import dev.quiver.internal.kernel.VectorKernels;
import dev.quiver.internal.memory.Arena;
import dev.quiver.internal.memory.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The two-pass scan over int8 codes returns exactly what scoring every float would: the same ids in the same
 * order with the same float scores, ties by id. The data is chosen to make the codes' bounds matter: vectors
 * that differ by less than a code step, exact duplicates, components over six orders of magnitude, and
 * dimension counts that leave kernel tails. Filtered, the members are 70% of the items, so both the code pass
 * over members and the direct float scoring of few members run. Both first passes run, the float query's and
 * the int8 query's, and the class runs again under the scalar kernels (core's pom).
 */
class CodeScanPropertyTest {
  enum Shape { GAUSSIAN, NEAR_DUPLICATES, WIDE_RANGE, FEW_DISTINCT }

  @Property(tries = 160)
  void codeScanEqualsScoringEveryFloat(@ForAll FirstPass pass, @ForAll Shape shape, @ForAll Metric metric,
      @ForAll @IntRange(min = 1, max = 2_500) int size, @ForAll @IntRange(min = 1, max = 40) int k,
      @ForAll boolean filtered, @ForAll long seed) {
    Random random = new Random(seed);
    int dims = new int[] {1, 13, 64, 385}[random.nextInt(4)];
    Arena arena = new Arena(dims);
    Arena.Batch batch = arena.begin();
    float[] base = gaussian(random, dims, 1);
    List<float[]> vectors = new ArrayList<>();
    List<Boolean> inRoom = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      float[] v = vector(shape, random, base, dims);
      if (metric == Metric.COSINE) {
        normalise(v);
      }
      vectors.add(v);
      inRoom.add(random.nextInt(10) < 7);
      batch.upsert(Item.of(id(i), null, inRoom.get(i) ? Map.of("room", "ops") : Map.of()), v);
    }
    List<Integer> deleted = new ArrayList<>();
    for (int i = 0; i < size / 10; i++) {
      int victim = random.nextInt(size);
      if (batch.delete(id(victim))) {
        deleted.add(victim);
      }
    }
    batch.publish(1);
    Snapshot snapshot = arena.snapshot();
    float[] query = shape == Shape.NEAR_DUPLICATES ? base.clone() : gaussian(random, dims, 1);
    if (metric == Metric.COSINE) {
      normalise(query);
    }

    List<Scored> expected = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (!deleted.contains(i) && (!filtered || inRoom.get(i))) {
        float[] v = vectors.get(i);
        float score = metric == Metric.L2 ? -VectorKernels.squareDistance(query, 0, v, 0, dims)
            : VectorKernels.dot(query, 0, v, 0, dims);
        expected.add(new Scored(id(i), score));
      }
    }
    expected.sort(Comparator.comparing(Scored::score).reversed().thenComparing(Scored::id));
    expected = expected.subList(0, Math.min(k, expected.size()));

    Filter filter = filtered ? Filter.eq("room", "ops") : Filter.all();
    ExactScan.Result result = ExactScan.search(snapshot, query, k, filter, metric, 1, null, pass);
    List<Scored> actual = new ArrayList<>();
    for (int i = 0; i < result.count(); i++) {
      actual.add(new Scored(snapshot.record(result.ordinals()[i]).item().id(), result.scores()[i]));
    }
    assertThat(actual).as("%s %s %s size=%d dims=%d k=%d %s", pass, shape, metric, size, dims, k, filter)
        .isEqualTo(expected);
  }

  private record Scored(String id, float score) {}

  private static String id(int i) {
    return String.format("id%05d", i);
  }

  private static float[] vector(Shape shape, Random random, float[] base, int dims) {
    switch (shape) {
      case NEAR_DUPLICATES: {
        float[] v = base.clone();
        for (int d = 0; d < dims; d++) {
          v[d] += (float) (random.nextGaussian() * 1e-5); // far below one code step of the base
        }
        return v;
      }
      case WIDE_RANGE: {
        float[] v = gaussian(random, dims, 1);
        for (int d = 0; d < dims; d++) {
          v[d] *= (float) Math.pow(10, random.nextInt(7) - 3);
        }
        return v;
      }
      case FEW_DISTINCT: {
        float[] v = new float[dims];
        for (int d = 0; d < dims; d++) {
          v[d] = random.nextInt(3) - 1;
        }
        v[0] = v[0] == 0 ? 1 : v[0]; // never the zero vector, which cosine refuses
        return v;
      }
      default:
        return gaussian(random, dims, 1);
    }
  }

  private static float[] gaussian(Random random, int dims, double sigma) {
    float[] v = new float[dims];
    for (int d = 0; d < dims; d++) {
      v[d] = (float) (random.nextGaussian() * sigma);
    }
    return v;
  }

  private static void normalise(float[] v) {
    double sum = 0;
    for (float x : v) {
      sum += (double) x * x;
    }
    float scale = (float) (1 / Math.sqrt(sum));
    for (int d = 0; d < v.length; d++) {
      v[d] *= scale;
    }
  }
}
