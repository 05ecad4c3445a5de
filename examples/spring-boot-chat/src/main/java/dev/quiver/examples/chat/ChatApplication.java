package dev.quiver.examples.chat;

import dev.quiver.Quiver;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import dev.quiver.spi.Embedder;
import dev.quiver.springai.QuiverDocumentRetriever;
import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A chat app that answers questions from its own messages. The starter opens the {@link Quiver} bean from
 * {@code quiver.*} (application.properties); this class adds the embedder it uses and the hybrid retriever.
 */
@SpringBootApplication
public class ChatApplication {

  public static void main(String[] args) {
    SpringApplication.run(ChatApplication.class, args);
  }

  /** The starter embeds with this bean: all-MiniLM-L6-v2, local. */
  @Bean
  Embedder embedder() {
    return new MiniLmEmbedder();
  }

  /** Vectors and BM25 keywords together, so a name or an error code is found as well as a paraphrase. */
  @Bean
  QuiverDocumentRetriever retriever(Quiver quiver) {
    return QuiverDocumentRetriever.builder(quiver).topK(3).build();
  }

  @Bean
  MessageLog messageLog(@Value("${chat.database}") Path database) {
    return new MessageLog(database);
  }
}
