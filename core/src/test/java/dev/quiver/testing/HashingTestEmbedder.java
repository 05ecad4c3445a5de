package dev.quiver.testing;

import dev.quiver.spi.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic embedder for tests: each word adds a signed unit to two hashed dimensions, then the vector is
 * scaled to unit length. Texts sharing words are near; no model is needed. Shared with the other modules' tests
 * through core's test jar.
 */
public class HashingTestEmbedder implements Embedder {
  private final String modelId;
  private final int dimensions;

  public HashingTestEmbedder() {
    this("test-hashing", 384);
  }

  public HashingTestEmbedder(String modelId, int dimensions) {
    this.modelId = modelId;
    this.dimensions = dimensions;
  }

  @Override
  public String modelId() {
    return modelId;
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      float[] v = new float[dimensions];
      for (String word : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (word.isEmpty()) {
          continue;
        }
        int h = word.hashCode() * 0x9E3779B1;
        v[Math.floorMod(h, dimensions)] += (h & 1) == 0 ? 1 : -1;
        v[Math.floorMod(h >>> 7, dimensions)] += (h & 2) == 0 ? 0.5f : -0.5f;
      }
      double norm = 0;
      for (float f : v) {
        norm += f * f;
      }
      if (norm == 0) {
        v[0] = 1; // cosine has no direction for a zero vector
        norm = 1;
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int i = 0; i < v.length; i++) {
        v[i] *= scale;
      }
      out.add(v);
    }
    return out;
  }
}
