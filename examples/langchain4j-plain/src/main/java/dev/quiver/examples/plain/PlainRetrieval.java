package dev.quiver.examples.plain;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.keyword.LuceneKeywordIndex;
import dev.quiver.langchain4j.LangChain4jEmbedder;
import dev.quiver.langchain4j.QuiverContentRetriever;
import dev.quiver.langchain4j.QuiverEmbeddingStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The retrieval half of a RAG pipeline in plain Java: index a few notes into a Quiver store through LangChain4j's
 * {@code EmbeddingStore}, then answer questions with {@link QuiverContentRetriever}, which searches vectors and BM25
 * keywords together. The contents it returns are what a LangChain4j {@code RetrievalAugmentor} (or your own
 * prompt) hands to the chat model; no chat model is called here.
 *
 * <p>Run: {@code java dev.quiver.examples.plain.PlainRetrieval [store-directory] [question...]}
 */
public final class PlainRetrieval implements AutoCloseable {
  /** The notes this example indexes: knowledge a chat server answers from. */
  static final List<String> NOTES = List.of(
      "Deploys are frozen on Fridays after 14:00; error QX-4711 means the freeze is on.",
      "The staging database is refreshed from production every Monday night.",
      "On-call engineers swap shifts in the #oncall channel, never by private message.",
      "Expense reports above 500 euros need the approval of a director.",
      "The office coffee machine is descaled on the first day of each month.");

  private final EmbeddingModel model;
  private final Quiver quiver;
  private final EmbeddingStore<TextSegment> store;
  private final ContentRetriever retriever;

  /** Opens (or creates) the store {@code notes.quiver} in {@code directory}. */
  public PlainRetrieval(Path directory) {
    model = new AllMiniLmL6V2QuantizedEmbeddingModel(); // local ONNX model, loaded from the jar
    QuiverOptions options = QuiverOptions.builder()
        .embedder(LangChain4jEmbedder.of(model, "all-minilm-l6-v2-q")) // embeds the retriever's questions
        .keywordIndex(LuceneKeywordIndex.factory())
        .build();
    quiver = Quiver.open(directory.resolve("notes.quiver"), options);
    store = QuiverEmbeddingStore.of(quiver);
    retriever = QuiverContentRetriever.builder(quiver).maxResults(2).build();
  }

  /** Adds the notes once: a store opened again already holds them. */
  public void indexNotes() {
    if (quiver.count() > 0) {
      return;
    }
    List<TextSegment> segments = NOTES.stream()
        .map(text -> TextSegment.from(text, new Metadata().put("source", "handbook"))).toList();
    store.addAll(model.embedAll(segments).content(), segments);
  }

  /** The best notes for {@code question}, best first. */
  public List<Content> retrieve(String question) {
    return retriever.retrieve(Query.from(question));
  }

  @Override
  public void close() {
    quiver.close();
  }

  public static void main(String[] args) throws Exception {
    Path directory = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("quiver-example");
    List<String> questions = args.length > 1 ? List.of(String.join(" ", List.of(args).subList(1, args.length)))
        : List.of("can I deploy on a friday afternoon?", "QX-4711", "who approves a 900 euro expense?");
    try (PlainRetrieval example = new PlainRetrieval(directory)) {
      example.indexNotes();
      for (String question : questions) {
        System.out.println("Q: " + question);
        for (Content content : example.retrieve(question)) {
          System.out.println("   " + content.textSegment().text());
        }
      }
    }
    System.out.println("store: " + directory.resolve("notes.quiver"));
  }
}
