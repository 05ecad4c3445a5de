package dev.quiver.springboot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/** A tiny deterministic Spring AI model for the tests: a text's vector counts its letters a to z, plus one. */
final class LetterEmbeddingModel implements EmbeddingModel {
  static final int DIMENSIONS = 26;

  @Override
  public EmbeddingResponse call(EmbeddingRequest request) {
    List<Embedding> embeddings = new ArrayList<>();
    for (String text : request.getInstructions()) {
      float[] v = new float[DIMENSIONS];
      java.util.Arrays.fill(v, 1f);
      for (char c : text.toLowerCase(Locale.ROOT).toCharArray()) {
        if (c >= 'a' && c <= 'z') {
          v[c - 'a']++;
        }
      }
      embeddings.add(new Embedding(v, embeddings.size()));
    }
    return new EmbeddingResponse(embeddings);
  }

  @Override
  public float[] embed(Document document) {
    return embed(document.getText());
  }

  @Override
  public int dimensions() {
    return DIMENSIONS;
  }
}
