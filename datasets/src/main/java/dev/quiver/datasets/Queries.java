package dev.quiver.datasets;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Query files: JSON Lines with {@code _id} (BEIR) or {@code id}, and {@code text}. */
public final class Queries {
  private Queries() {}

  /** One query. */
  public record Query(String id, String text) {}

  /**
   * Every query of {@code file}, in file order.
   *
   * @throws InputException naming the file and line of a malformed or duplicate query
   */
  public static List<Query> read(Path file) {
    List<Query> queries = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        String where = file + ":" + n;
        JsonNode node = Json.parseLine(line, where);
        JsonNode id = node.has("_id") ? node.get("_id") : node.get("id");
        JsonNode text = node.get("text");
        if (id == null || !(id.isTextual() || id.isIntegralNumber())) {
          throw new InputException(where + ": missing query \"_id\" (or \"id\")");
        }
        if (text == null || !text.isTextual() || text.asText().isBlank()) {
          throw new InputException(where + ": missing query \"text\"");
        }
        if (!seen.add(id.asText())) {
          throw new InputException(where + ": query id '" + id.asText() + "' appears twice");
        }
        queries.add(new Query(id.asText(), text.asText()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return queries;
  }
}
