package dev.quiver.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.ErrorCode;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import dev.quiver.QuiverOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.ai.document.Document;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole app started by Spring Boot on a real store and a real message database in a temporary directory. */
@SpringBootTest(properties = "chat.console.enabled=false")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChatApplicationTest {
  private static Path dir;

  @DynamicPropertySource
  static void files(DynamicPropertyRegistry registry) throws IOException {
    dir = Files.createTempDirectory("quiver-chat");
    registry.add("chat.database", () -> dir.resolve("chat.db").toString());
    registry.add("quiver.path", () -> dir.resolve("chat.quiver").toString());
  }

  @Autowired ChatService chat;
  @Autowired MessageLog log;
  @Autowired Quiver quiver;
  @Autowired QuiverOptions options;

  @BeforeAll
  static void noConsoleBean(@Autowired org.springframework.context.ApplicationContext context) {
    assertThat(context.getBeansOfType(ChatConsole.class)).isEmpty(); // it would wait for standard input
  }

  @Test
  @Order(1)
  void messagesAreStoredAndIndexedAsTheyArrive() {
    chat.post("ops", "ana", "Deploys are frozen on Fridays after two pm.");
    chat.post("ops", "ben", "If the deploy fails with QX-4711 the freeze is on, wait until Monday.");
    chat.post("ops", "ana", "The staging database is refreshed every Monday night.");
    chat.post("random", "cy", "Who wants to deploy the new coffee machine on Friday?");
    assertThat(log.count()).isEqualTo(4);
    assertThat(quiver.count()).isEqualTo(4);
    assertThat(quiver.get("msg:2")).hasValueSatisfying(item -> assertThat(item.attributes())
        .containsEntry("room", "ops").containsEntry("author", "ben"));
  }

  @Test
  @Order(2)
  void aQuestionIsAnsweredFromItsRoomsMessagesThroughTheHybridRetriever() {
    ChatService.Answer answer = chat.ask("ops", "can we ship a release on friday afternoon?");
    assertThat(answer.reply()).isEqualTo("ana said: Deploys are frozen on Fridays after two pm.");
    assertThat(answer.sources()).isNotEmpty()
        .allSatisfy(d -> assertThat(d.getMetadata()).containsEntry("room", "ops"));
    // an error code, which the keyword side finds
    assertThat(chat.ask("ops", "QX-4711").sources()).first().extracting(Document::getText).asString()
        .contains("QX-4711");
    assertThat(chat.ask("nowhere", "deploy").reply()).isEqualTo("Nothing in #nowhere answers that yet.");
  }

  @Test
  @Order(3)
  void thePrimaryGuardPointsAtTheAppsOwnDatabaseAndQuiverRefusesIt() {
    Path database = dir.resolve("chat.db");
    assertThat(options.primaryDatabase()).isEqualTo(database);
    assertThatThrownBy(() -> Quiver.open(database, options)).isInstanceOfSatisfying(QuiverException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.PRIMARY_DATABASE));
    assertThat(log.count()).isEqualTo(4); // the app's database is untouched and still its own
  }

  @Test
  @Order(4)
  void theConsolePostsAndAsks() {
    ChatConsole console = new ChatConsole(chat);
    assertThat(console.handle("#support dee: the VPN certificate expires on June 3")).isEqualTo("ok");
    assertThat(console.handle("?support when does the vpn certificate expire?"))
        .isEqualTo("dee said: the VPN certificate expires on June 3");
    assertThat(console.handle("hello")).isEqualTo("?");
  }
}
