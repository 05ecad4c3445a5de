package dev.quiver.examples.chat;

import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.springai.QuiverDocumentRetriever;
import java.util.List;
import java.util.Map;
import org.springframework.ai.document.Document;
import org.springframework.ai.rag.Query;
import org.springframework.ai.rag.retrieval.search.VectorStoreDocumentRetriever;
import org.springframework.ai.vectorstore.filter.FilterExpressionBuilder;
import org.springframework.stereotype.Service;

/**
 * Messages in, answers out. Each message is stored in the app's database, then indexed in Quiver at once; a question
 * is answered from the room's best messages, found by the hybrid retriever. A real app hands those documents to a
 * chat model (for example Spring AI's {@code RetrievalAugmentationAdvisor} with this retriever); to stay offline
 * and deterministic, this one answers with the best message itself.
 */
@Service
public class ChatService {
  private final MessageLog log;
  private final Quiver quiver;
  private final QuiverDocumentRetriever retriever;

  public ChatService(MessageLog log, Quiver quiver, QuiverDocumentRetriever retriever) {
    this.log = log;
    this.quiver = quiver;
    this.retriever = retriever;
  }

  /** Stores {@code text} as sent by {@code author} in {@code room}, and makes it searchable before returning. */
  public MessageLog.Message post(String room, String author, String text) {
    MessageLog.Message message = log.append(room, author, text, System.currentTimeMillis());
    quiver.index(new Item("msg:" + message.id(), text, Map.of("room", room, "author", author), message.sentAt()));
    return message;
  }

  /** The answer to {@code question} from {@code room}'s messages. */
  public Answer ask(String room, String question) {
    // the room filter goes in the query's context, as for Spring AI's own VectorStoreDocumentRetriever
    Query query = Query.builder().text(question).context(Map.of(VectorStoreDocumentRetriever.FILTER_EXPRESSION,
        new FilterExpressionBuilder().eq("room", room).build())).build();
    List<Document> sources = retriever.retrieve(query);
    String reply = sources.isEmpty() ? "Nothing in #" + room + " answers that yet."
        : sources.get(0).getMetadata().get("author") + " said: " + sources.get(0).getText();
    return new Answer(question, reply, sources);
  }

  /** A reply and the messages it came from, best first. */
  public record Answer(String question, String reply, List<Document> sources) {}
}
