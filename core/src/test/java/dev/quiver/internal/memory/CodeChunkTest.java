package dev.quiver.internal.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** A code's error and norm are upper bounds on the real ones, which is what makes the code scan exact. */
class CodeChunkTest {
  @Property(tries = 300)
  void errorAndNormBoundTheVectorTheCodeStandsFor(@ForAll @IntRange(min = 1, max = 700) int dims,
      @ForAll @IntRange(min = -40, max = 38) int exponent, @ForAll long seed) {
    Random random = new Random(seed);
    float[] vector = new float[dims];
    for (int i = 0; i < dims; i++) {
      vector[i] = (float) (random.nextGaussian() * Math.pow(2, exponent));
    }
    CodeChunk chunk = new CodeChunk(2, dims);
    chunk.encode(1, vector);

    float scale = chunk.scales()[1];
    double error = 0;
    double norm = 0;
    for (int i = 0; i < dims; i++) {
      byte code = chunk.codes()[dims + i];
      assertThat((int) code).isBetween(-127, 127);
      double e = vector[i] - (double) scale * code;
      error += e * e;
      norm += (double) vector[i] * vector[i];
    }
    assertThat((double) chunk.errors()[1]).isGreaterThanOrEqualTo(Math.sqrt(error));
    assertThat((double) chunk.norms()[1]).isGreaterThanOrEqualTo(Math.sqrt(norm));
    assertThat((double) chunk.errors()[1]).as("a code is far closer than the vector's length, unless it underflows")
        .isLessThanOrEqualTo(scale == 0 ? chunk.norms()[1] : chunk.norms()[1] * 0.1);
    assertThat(chunk.codes()).as("slot 0 untouched").startsWith(new byte[dims]);
  }

  @Test
  void theZeroVectorCodesAsZerosWithNoError() {
    CodeChunk chunk = new CodeChunk(1, 3);
    chunk.encode(0, new float[3]);
    assertThat(chunk.codes()).containsExactly(0, 0, 0);
    assertThat(chunk.errors()[0]).isZero();
    assertThat(chunk.norms()[0]).isZero();
  }

  @Test
  void growKeepsEveryCodedSlot() {
    CodeChunk chunk = new CodeChunk(1, 2);
    chunk.encode(0, new float[] {1f, -0.25f});
    CodeChunk grown = chunk.grow(4);
    assertThat(grown.codes()).hasSize(8).startsWith((byte) 127, (byte) -32);
    assertThat(grown.scales()[0]).isEqualTo(chunk.scales()[0]);
    assertThat(grown.errors()[0]).isEqualTo(chunk.errors()[0]);
    assertThat(grown.norms()[0]).isEqualTo(chunk.norms()[0]);
  }
}
