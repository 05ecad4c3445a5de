package dev.quiver.springai;

import dev.quiver.embed.minilm.MiniLmEmbedder;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.document.Document;
import org.springframework.ai.embedding.Embedding;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.ai.embedding.EmbeddingRequest;
import org.springframework.ai.embedding.EmbeddingResponse;

/**
 * The repository's local all-MiniLM-L6-v2 ({@code quiver-embed-minilm}, no network) as a Spring AI
 * {@link EmbeddingModel}, for the tests: Spring AI has no local model that runs offline here.
 */
final class MiniLmEmbeddingModel implements EmbeddingModel {
  /** One model for every test: it loads 23 MB of ONNX once. */
  static final MiniLmEmbeddingModel INSTANCE = new MiniLmEmbeddingModel();

  private final MiniLmEmbedder embedder = new MiniLmEmbedder();

  private MiniLmEmbeddingModel() {}

  @Override
  public EmbeddingResponse call(EmbeddingRequest request) {
    List<float[]> vectors = embedder.embed(request.getInstructions());
    List<Embedding> embeddings = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      embeddings.add(new Embedding(vectors.get(i), i));
    }
    return new EmbeddingResponse(embeddings);
  }

  @Override
  public float[] embed(Document document) {
    return embed(document.getText());
  }

  @Override
  public int dimensions() {
    return MiniLmEmbedder.DIMENSIONS;
  }
}
