package dev.quiver.cli;

import static dev.quiver.cli.CliProcess.quiver;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.quiver.Fusion;
import dev.quiver.cli.CliProcess.Result;
import dev.quiver.datasets.DemoCorpus;
import dev.quiver.datasets.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code quiver eval --sweep} in a child JVM on a tiny corpus of the user's own queries and qrels. */
class EvalSweepTest {
  static final int ITEMS = 60;

  @TempDir static Path dir;
  static Path store;
  static Path queries;
  static Path qrels;

  /** 60 Debian packages of the demo corpus; 15 queries, each a package's one-line summary. */
  @BeforeAll
  static void importCorpus() throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        DemoCorpus.class.getResourceAsStream(DemoCorpus.RESOURCE)), StandardCharsets.UTF_8))) {
      for (String line; lines.size() < ITEMS && (line = r.readLine()) != null; ) {
        lines.add(line);
      }
    }
    Path corpus = Files.write(dir.resolve("corpus.jsonl"), lines);
    List<String> q = new ArrayList<>();
    List<String> j = new ArrayList<>(List.of("query-id\tcorpus-id\tscore"));
    for (int i = 0; i < ITEMS; i += 4) {
      JsonNode item = Json.MAPPER.readTree(lines.get(i));
      q.add(Json.write(Map.of("_id", "q" + i, "text", item.get("text").asText().split("\n", 2)[0])));
      j.add("q" + i + "\t" + item.get("id").asText() + "\t1");
    }
    queries = Files.write(dir.resolve("queries.jsonl"), q);
    qrels = Files.write(dir.resolve("test.tsv"), j);
    store = dir.resolve("chat.quiver");
    Result imported = quiver("import", "--store", store.toString(), "--jsonl", corpus.toString());
    assertThat(imported.exitCode()).as(imported.toString()).isZero();
  }

  @Test
  void theTableHasEverySettingAndTheBestFusionIsPrintedAsTheOptionToPass() {
    Result r = quiver("eval", "--store", store.toString(), "--queries", queries.toString(), "--qrels",
        qrels.toString(), "--sweep");
    assertThat(r.exitCode()).as(r.toString()).isZero();

    Map<String, Double> mrr = new LinkedHashMap<>();
    String best = null;
    String options = null;
    for (String line : r.out().split("\n")) {
      String[] cols = line.trim().split("\\s+");
      if (line.startsWith("options: ")) {
        options = line.substring("options: ".length()).trim();
      } else if (cols.length >= 6 && cols[1].matches("\\d+")) {
        mrr.put(cols[0], Double.parseDouble(cols[2]));
        if (line.endsWith("<- best")) {
          best = cols[0];
        }
      }
    }
    List<String> expected = EvalCommand.sweepSettings().stream().map(EvalCommand.Setting::name).toList();
    assertThat(mrr.keySet()).containsExactlyElementsOf(expected);
    assertThat(expected).contains("keyword", "vector", "rrf:60", "zscore:0.5", "minmax:0.9");
    assertThat(best).isNotNull().isNotIn("keyword", "vector");
    double bestMrr = mrr.get(best);
    assertThat(mrr.entrySet()).filteredOn(e -> e.getKey().contains(":"))
        .allSatisfy(e -> assertThat(e.getValue()).isLessThanOrEqualTo(bestMrr));
    assertThat(r.out()).contains("best: " + best + " (MRR@10 ");
    assertThat(options).isEqualTo("--fusion " + best);

    // the printed option is one search and eval accept
    Result search = quiver("search", "--store", store.toString(), "--fusion", best, "network tools");
    assertThat(search.exitCode()).as(search.toString()).isZero();
    Result eval = quiver("eval", "--store", store.toString(), "--queries", queries.toString(), "--qrels",
        qrels.toString(), "--mode", "hybrid", "--fusion", best);
    assertThat(eval.exitCode()).as(eval.toString()).isZero();
    assertThat(eval.out()).contains(String.format(java.util.Locale.ROOT, "%.4f", bestMrr));
  }

  @Test
  void jsonGivesEveryRowAndTheBest() throws IOException {
    Result r = quiver("eval", "--store", store.toString(), "--queries", queries.toString(), "--qrels",
        qrels.toString(), "--sweep", "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonNode json = Json.MAPPER.readTree(r.out());
    assertThat(json.get("rows")).hasSize(EvalCommand.sweepSettings().size());
    JsonNode row = json.get("rows").get(0);
    assertThat(row.get("setting").asText()).isEqualTo("keyword");
    assertThat(row.has("mrr@10") && row.has("ndcg@10") && row.has("recall@10")).isTrue();
    String best = json.get("best").get("setting").asText();
    assertThat(json.get("best").get("options").asText()).isEqualTo("--fusion " + best);
  }

  @Test
  void sweepWithAFusionOrModeIsAUsageError() {
    Result r = quiver("eval", "--store", store.toString(), "--queries", queries.toString(), "--qrels",
        qrels.toString(), "--sweep", "--fusion", "rrf:60");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
    assertThat(r.err()).contains("drop --fusion");
    Result bad = quiver("search", "--store", store.toString(), "--fusion", "zscore:2", "q");
    assertThat(bad.exitCode()).as(bad.toString()).isEqualTo(2);
    assertThat(bad.err()).contains("zscore:W");
  }

  @Test
  void everySweptFusionReadsBackFromItsSpec() {
    FusionConverter converter = new FusionConverter();
    for (EvalCommand.Setting s : EvalCommand.sweepSettings()) {
      if (s.fusion() != null) {
        Fusion parsed = converter.convert(s.name());
        assertThat(parsed).isEqualTo(s.fusion());
        assertThat(FusionConverter.spec(parsed)).isEqualTo(s.name());
      }
    }
  }
}
