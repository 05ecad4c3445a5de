package dev.quiver.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quiver.Item;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlItemReaderTest {
  @TempDir
  Path dir;

  @Test
  void readsQuiverItemsWithAttributesAndTimestamps() throws IOException {
    Path f = file("items.jsonl",
        "{\"id\":\"msg:1\",\"text\":\"deploy at noon\",\"attributes\":{\"room\":\"ops\",\"pinned\":true,\"n\":3,"
            + "\"score\":0.5},"
            + "\"timestamp\":1700000000000}",
        "",
        "{\"id\":42,\"text\":\"no extras\",\"vector\":[0.1,0.2]}");
    try (JsonlItemReader r = JsonlItemReader.open(f)) {
      assertThat(r.expectedCount()).isEqualTo(2);
      assertThat(all(r)).containsExactly(
          new Item("msg:1", "deploy at noon", Map.of("room", "ops", "pinned", true, "n", 3L, "score", 0.5),
              1700000000000L),
          new Item("42", "no extras", Map.of(), null));
    }
  }

  @Test
  void readsBeirCorpusWithTitlePrependedAndStringFieldsAsAttributes() throws IOException {
    Path f = file("corpus.jsonl",
        "{\"_id\":\"zstd\",\"title\":\"Zstandard\",\"text\":\"fast compression\",\"lang\":\"c\",\"stars\":5,"
            + "\"metadata\":{\"url\":\"u\"}}",
        "{\"_id\":\"gzip\",\"title\":\"\",\"text\":\"the old one\"}");
    try (JsonlItemReader r = JsonlItemReader.open(f)) {
      assertThat(all(r)).containsExactly(
          new Item("zstd", "Zstandard\nfast compression", Map.of("lang", "c", "url", "u"), null),
          new Item("gzip", "the old one", Map.of(), null));
    }
  }

  @Test
  void readsGzippedFiles() throws IOException {
    Path f = dir.resolve("items.jsonl.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
      out.write("{\"id\":\"a\",\"text\":\"x\"}\n".getBytes(StandardCharsets.UTF_8));
    }
    try (JsonlItemReader r = JsonlItemReader.open(f)) {
      assertThat(all(r)).containsExactly(Item.of("a", "x"));
    }
  }

  @Test
  void checksEveryLineBeforeHandingOutTheFirstItem() throws IOException {
    Path f = file("items.jsonl", "{\"id\":\"a\",\"text\":\"x\"}", "{\"id\":\"b\",\"text\":\"y\"}", "not json");
    assertThatThrownBy(() -> JsonlItemReader.open(f))
        .isInstanceOf(InputException.class).hasMessageStartingWith(f + ":3: not valid JSON");
  }

  @Test
  void namesTheFileLineAndFieldOfEachProblem() throws IOException {
    assertProblem("{\"text\":\"x\"}", ":1: missing \"id\" (or BEIR \"_id\"): expected a string or integer; found no "
        + "such field");
    assertProblem("{\"id\":\"a\"}", ":1: missing \"text\": expected a string; found no such field");
    assertProblem("{\"id\":\"a\",\"text\":7}", ":1: missing \"text\": expected a string; found number");
    assertProblem("{\"id\":\"a\",\"text\":\"x\",\"attributes\":[1]}", ":1: \"attributes\" must be an object of "
        + "strings, numbers and booleans; found array");
    assertProblem("{\"id\":\"a\",\"text\":\"x\",\"attributes\":{\"k\":{}}}", ":1: attribute \"k\" must be a string, "
        + "number or boolean; found object");
    assertProblem("{\"id\":\"a\",\"text\":\"x\",\"attributes\":{\"k\":null}}", ":1: attribute \"k\" must be a "
        + "string, number or boolean; found null");
    assertProblem("{\"id\":\"a\",\"text\":\"x\",\"attributes\":{\"k\":1e999999}}", ":1: attribute \"k\" is Infinity, "
        + "beyond the range of a double; write it as a string");
    assertProblem("{\"id\":\"a\",\"text\":\"x\",\"timestamp\":\"yesterday\"}", ":1: \"timestamp\" must be epoch "
        + "milliseconds (an integer); found string \"yesterday\"");
    assertProblem("{\"id\":\"\",\"text\":\"x\"}", ":1: item id must be 1 to 512 characters; found an empty string");
  }

  private void assertProblem(String line, String message) throws IOException {
    Path f = file("bad.jsonl", line);
    assertThatThrownBy(() -> JsonlItemReader.open(f)).isInstanceOf(InputException.class)
        .hasMessage(f + message);
  }

  private Path file(String name, String... lines) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String l : lines) {
      b.write((l + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return Files.write(dir.resolve(name), b.toByteArray());
  }

  static List<Item> all(JsonlItemReader r) {
    List<Item> items = new ArrayList<>();
    r.forEachRemaining(items::add);
    return items;
  }
}
