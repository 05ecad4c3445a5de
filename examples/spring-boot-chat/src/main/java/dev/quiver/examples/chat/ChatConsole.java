package dev.quiver.examples.chat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The app's user interface: lines on standard input. {@code #room author: text} posts a message, {@code ?room
 * question} asks one; an empty line or end of input quits. Off with {@code chat.console.enabled=false} (the test).
 */
@Component
@ConditionalOnProperty(name = "chat.console.enabled", havingValue = "true", matchIfMissing = true)
public class ChatConsole implements CommandLineRunner {
  private final ChatService chat;

  public ChatConsole(ChatService chat) {
    this.chat = chat;
  }

  @Override
  public void run(String... args) throws Exception {
    PrintStream out = System.out;
    out.println("post: #room author: text    ask: ?room question    quit: empty line");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null && !line.isBlank(); line = in.readLine()) {
      out.println(handle(line.strip()));
    }
  }

  /** What the console prints for one line. */
  String handle(String line) {
    int space = line.indexOf(' ');
    if (line.length() < 2 || space < 2) {
      return "?";
    }
    String room = line.substring(1, space);
    String rest = line.substring(space + 1).strip();
    if (line.charAt(0) == '?') {
      return chat.ask(room, rest).reply();
    }
    int colon = rest.indexOf(':');
    if (line.charAt(0) != '#' || colon < 1) {
      return "?";
    }
    chat.post(room, rest.substring(0, colon).strip(), rest.substring(colon + 1).strip());
    return "ok";
  }
}
