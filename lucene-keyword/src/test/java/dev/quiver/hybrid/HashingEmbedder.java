package dev.quiver.hybrid;

import dev.quiver.spi.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deterministic bag-of-words embedder (feature hashing) for tests where meaning does not matter: the
 * degradation and recovery paths. Tests about meaning use the real MiniLM model in the cli module.
 */
public final class HashingEmbedder implements Embedder {
  static final int DIMENSIONS = 64;

  @Override
  public String modelId() {
    return "hashing-64";
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<float[]> out = new ArrayList<>(texts.size());
    for (String text : texts) {
      float[] v = new float[DIMENSIONS];
      v[0] = 0.01f; // never the zero vector, which cosine refuses
      for (String token : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
        if (!token.isEmpty()) {
          int h = token.hashCode();
          v[Math.floorMod(h, DIMENSIONS)] += (h & 0x100) == 0 ? 1 : -1;
        }
      }
      out.add(v);
    }
    return out;
  }
}
