package dev.quiver.springboot;

import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/** {@link LetterEmbedder} as a Spring AI model. */
final class LetterEmbeddingModel implements EmbeddingModel {
  static final int DIMENSIONS = LetterEmbedder.DIMENSIONS;

  @Override
  public EmbeddingResponse call(EmbeddingRequest request) {
    List<Embedding> embeddings = new ArrayList<>();
    for (String text : request.getInstructions()) {
      embeddings.add(new Embedding(LetterEmbedder.vector(text), embeddings.size()));
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
