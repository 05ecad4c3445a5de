package dev.quiver.springboot;

import dev.quiver.spi.Embedder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A tiny deterministic embedder for the tests: a text's vector counts its letters a to z, plus one, so texts made of
 * the same letters are near each other whatever their words.
 */
final class LetterEmbedder implements Embedder {
  static final int DIMENSIONS = 26;
  static final String MODEL_ID = "letters";

  static float[] vector(String text) {
    float[] v = new float[DIMENSIONS];
    Arrays.fill(v, 1f);
    for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
      if (c >= 'a' && c <= 'z') {
        v[c - 'a']++;
      }
    }
    return v;
  }

  @Override
  public String modelId() {
    return MODEL_ID;
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }

  @Override
  public List<float[]> embed(List<String> texts) {
    List<float[]> vectors = new ArrayList<>(texts.size());
    texts.forEach(t -> vectors.add(vector(t)));
    return vectors;
  }
}
