package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.cli.CliProcess.Result;
import dev.quiver.datasets.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quiver search} shows the keyword side's snippet, matched terms marked «like this», as text and JSON. */
class SnippetOutputTest {
  @TempDir Path dir;
  Path store;

  @BeforeEach
  void importCorpus() {
    Path corpus = CliProcess.write(dir.resolve("corpus.jsonl"),
        "{\"id\":\"kb:1\",\"text\":\"How we deployed the zeppelin\\nto staging on Friday\"}",
        "{\"id\":\"kb:2\",\"text\":\"Lunch menu for the week\"}");
    store = dir.resolve("chat.quiver");
    Result imported = quiver("import", "--store", store.toString(), "--jsonl", corpus.toString());
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
  }

  @Test
  void textOutputShowsTheSnippetOnOneLineInsteadOfTheTextsBeginning() {
    Result r = quiver("search", "--store", store.toString(), "--mode", "keyword", "deploying zeppelin");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains(" 1. kb:1").contains("    How we «deployed» the «zeppelin» to staging on Friday");
  }

  @Test
  void jsonCarriesTheSnippetOfKeywordMatchesAndNullForOthers() throws Exception {
    Result r = quiver("search", "--store", store.toString(), "--json", "deploying zeppelin");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode hits = Json.MAPPER.readTree(r.out()).get("hits");
    assertThat(hits).hasSize(2);
    for (JsonNode hit : hits) {
      if (hit.get("id").asText().equals("kb:1")) {
        assertThat(hit.get("snippet").asText()).isEqualTo("How we «deployed» the «zeppelin»\nto staging on Friday");
      } else {
        assertThat(hit.get("snippet").isNull()).isTrue(); // found by the vector side only
      }
    }
  }
}
