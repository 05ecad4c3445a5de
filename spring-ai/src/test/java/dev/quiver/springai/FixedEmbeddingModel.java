package dev.quiver.springai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/** A Spring AI model that embeds each known text as a given vector, so that tests choose the cosines exactly. */
final class FixedEmbeddingModel implements EmbeddingModel {
  private final Map<String, float[]> vectors;
  private final int dimensions;

  FixedEmbeddingModel(Map<String, float[]> vectors) {
    this.vectors = Map.copyOf(vectors);
    this.dimensions = vectors.values().iterator().next().length;
  }

  @Override
  public EmbeddingResponse call(EmbeddingRequest request) {
    List<Embedding> embeddings = new ArrayList<>();
    for (String text : request.getInstructions()) {
      float[] v = vectors.get(text);
      if (v == null) {
        throw new IllegalArgumentException("no vector for '" + text + "'");
      }
      embeddings.add(new Embedding(v.clone(), embeddings.size()));
    }
    return new EmbeddingResponse(embeddings);
  }

  @Override
  public float[] embed(Document document) {
    return embed(document.getText());
  }

  @Override
  public int dimensions() {
    return dimensions;
  }
}
