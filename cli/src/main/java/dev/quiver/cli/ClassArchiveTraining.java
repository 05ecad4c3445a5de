package dev.quiver.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The training run for the launchers' class-data-sharing archive: a JDK 17 JVM can only archive the classes
 * that one run loaded ({@code -XX:ArchiveClassesAtExit}), so this run goes through the commands an operator
 * calls most (import, hybrid and keyword search, stats) on a three-item store in a temporary directory, with
 * their output discarded. Exits 0 only when every command did, so a launcher never keeps a half-trained archive.
 */
final class ClassArchiveTraining {
  private static final List<String> ITEMS = List.of(
      "{\"id\":\"a\",\"text\":\"Deploy moved to Friday after the database migration\",\"attributes\":{\"room\":\"ops\"}}",
      "{\"id\":\"b\",\"text\":\"The release notes list every fixed crash\",\"attributes\":{\"room\":\"dev\"}}",
      "{\"id\":\"c\",\"text\":\"Lunch is at noon in the kitchen\",\"attributes\":{\"room\":\"social\"}}");

  private ClassArchiveTraining() {}

  public static void main(String[] args) throws IOException {
    PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    CliLogging.install(discard, false, true);
    Path dir = Files.createTempDirectory("quiver-cds-training");
    int status;
    try {
      status = train(dir, new PrintWriter(discard, true));
    } finally {
      DemoCommand.deleteTreeQuietly(dir);
    }
    System.exit(status);
  }

  private static int train(Path dir, PrintWriter discard) throws IOException {
    Path items = Files.write(dir.resolve("items.jsonl"), ITEMS, StandardCharsets.UTF_8);
    String store = dir.resolve("training.quiver").toString();
    List<String[]> commands = List.of(
        new String[] {"import", "--store", store, "--jsonl", items.toString()},
        new String[] {"search", "--store", store, "--explain", "--filter", "room=ops", "when do we deploy"},
        new String[] {"search", "--store", store, "--mode", "keyword", "release notes"},
        new String[] {"search", "--store", store, "--json", "lunch"},
        new String[] {"stats", "--store", store});
    for (String[] command : commands) {
      int status = QuiverCli.execute(discard, discard, command);
      if (status != 0) {
        return status;
      }
    }
    return 0;
  }
}
