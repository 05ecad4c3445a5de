package dev.quiver.cli;

import dev.quiver.Fusion;
import dev.quiver.Hit;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.datasets.RetrievalMetrics;
import dev.quiver.datasets.InputException;
import dev.quiver.datasets.Json;
import dev.quiver.datasets.Qrels;
import dev.quiver.datasets.Queries;
import dev.quiver.spi.Embedder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Measures retrieval quality on judged queries (BEIR layout): MRR@10, nDCG@10, Recall@10 and "
        + "Recall@100 for each mode, averaged over the queries that have a relevant document.",
        "--sweep measures every fusion and weight instead (and each side alone, for reference) on the same "
            + "queries, each embedded once, and prints the best as the --fusion to pass to search."})
final class EvalCommand implements Callable<Integer> {
  /** Hits fetched per query: enough for Recall@100. */
  static final int DEPTH = 100;

  @Spec
  CommandSpec spec;

  @Mixin
  CommonOptions common;

  @Mixin
  ProgressOption progressOption;

  @Mixin
  StoreOption store;

  @Option(names = "--queries", required = true, paramLabel = "FILE.jsonl",
      description = "JSON Lines queries with _id (or id) and text.")
  Path queries;

  @Option(names = "--qrels", required = true, paramLabel = "FILE",
      description = "Judgments: BEIR TSV (query-id corpus-id score), TREC qrels, or a BEIR qrels/ folder "
          + "(its test.tsv).")
  Path qrels;

  @Option(names = "--mode", paramLabel = "MODE", split = ",", defaultValue = "hybrid,vector,keyword",
      description = "Modes to measure, comma-separated; default ${DEFAULT-VALUE}.")
  List<Mode> modes;

  @Option(names = "--json", description = "Print the table as one JSON object.")
  boolean json;

  @Option(names = "--fusion", paramLabel = "SPEC", converter = FusionConverter.class,
      description = "How hybrid mode merges the two sides: " + FusionConverter.FORMS + "; default zscore:0.5.")
  Fusion fusion;

  @Option(names = "--sweep", description = "Measure every fusion (rrf:10, rrf:20, rrf:60, zscore:0.1 to 0.9, "
      + "minmax:0.1 to 0.9) and both sides alone; print the table and the best settings.")
  boolean sweep;

  /** One row of a sweep: a mode, and for hybrid the fusion. */
  record Setting(String name, SearchMode mode, Fusion fusion) {}

  /** Every setting a sweep measures, in the order printed: each side alone, then every fusion. */
  static List<Setting> sweepSettings() {
    List<Setting> settings = new ArrayList<>();
    settings.add(new Setting("keyword", SearchMode.KEYWORD, null));
    settings.add(new Setting("vector", SearchMode.VECTOR, null));
    List<Fusion> fusions = new ArrayList<>();
    for (int k : new int[] {10, 20, 60}) {
      fusions.add(Fusion.rrf(k));
    }
    for (int w = 1; w <= 9; w++) {
      fusions.add(Fusion.zScore(w / 10.0));
    }
    for (int w = 1; w <= 9; w++) {
      fusions.add(Fusion.minMax(w / 10.0));
    }
    for (Fusion f : fusions) {
      settings.add(new Setting(FusionConverter.spec(f), SearchMode.HYBRID, f));
    }
    return settings;
  }

  @Override
  public Integer call() {
    if (sweep && (spec.commandLine().getParseResult().hasMatchedOption("--mode") || fusion != null)) {
      throw new ParameterException(spec.commandLine(), "--sweep measures every mode and fusion; drop "
          + (fusion != null ? "--fusion" : "--mode"));
    }
    List<Queries.Query> all = Queries.read(queries);
    Map<String, Map<String, Integer>> judgments = Qrels.read(qrels);
    List<Queries.Query> judged = new ArrayList<>();
    for (Queries.Query q : all) {
      if (RetrievalMetrics.hasRelevant(judgments.getOrDefault(q.id(), Map.of()))) {
        judged.add(q);
      }
    }
    if (judged.isEmpty()) {
      throw new InputException("none of the " + all.size() + " queries in " + queries
          + " has a relevant document in " + qrels);
    }
    if (sweep) {
      return sweep(judged, judgments, all.size());
    }
    Map<Mode, RetrievalMetrics.Mean> results = new LinkedHashMap<>();
    try (Quiver quiver = store.open();
        Progress progress = Progress.start("eval", (long) judged.size() * modes.size(), progressOption.progress())) {
      for (Mode mode : modes) {
        RetrievalMetrics.Mean mean = new RetrievalMetrics.Mean();
        for (Queries.Query q : judged) {
          List<String> ranked = quiver.search(SearchRequest.of(q.text()).limit(DEPTH).mode(mode.core)
              .includeText(false).snippets(false).fusion(fusion)).hits().stream().map(Hit::id).toList();
          mean.add(ranked, judgments.get(q.id()));
          progress.stepBy(1);
        }
        results.put(mode, mean);
      }
    }
    print(results, all.size());
    return ExitCodes.OK;
  }

  private int sweep(List<Queries.Query> judged, Map<String, Map<String, Integer>> judgments, int queryCount) {
    List<Setting> settings = sweepSettings();
    Map<Setting, RetrievalMetrics.Mean> results = new LinkedHashMap<>();
    settings.forEach(s -> results.put(s, new RetrievalMetrics.Mean()));
    Embedder embedder = store.embedder();
    try (Quiver quiver = store.open(QuiverOptions.builder(), embedder);
        Progress progress = Progress.start("eval", (long) judged.size() * settings.size(),
            progressOption.progress())) {
      for (Queries.Query q : judged) {
        // embedded once: every setting ranks the same query vector and the same keyword query
        SearchRequest request = SearchRequest.of(q.text()).queryVector(embedder.embedQueries(List.of(q.text()))
            .get(0)).limit(DEPTH).includeText(false).snippets(false);
        for (Setting s : settings) {
          List<String> ranked = quiver.search(request.mode(s.mode()).fusion(s.fusion())).hits().stream()
              .map(Hit::id).toList();
          results.get(s).add(ranked, judgments.get(q.id()));
          progress.stepBy(1);
        }
      }
    }
    Setting best = null;
    for (Setting s : settings) {
      if (s.fusion() != null && (best == null || better(results.get(s), results.get(best)))) {
        best = s;
      }
    }
    printSweep(results, best, queryCount);
    return ExitCodes.OK;
  }

  /** Higher MRR@10, then nDCG@10, then Recall@10; a tie keeps the earlier setting. */
  private static boolean better(RetrievalMetrics.Mean a, RetrievalMetrics.Mean b) {
    if (a.mrr10() != b.mrr10()) {
      return a.mrr10() > b.mrr10();
    }
    if (a.ndcg10() != b.ndcg10()) {
      return a.ndcg10() > b.ndcg10();
    }
    return a.recall10() > b.recall10();
  }

  private void printSweep(Map<Setting, RetrievalMetrics.Mean> results, Setting best, int queryCount) {
    PrintWriter out = spec.commandLine().getOut();
    RetrievalMetrics.Mean top = results.get(best);
    String options = "--fusion " + best.name();
    if (json) {
      List<Map<String, Object>> rows = new ArrayList<>();
      results.forEach((s, m) -> {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("setting", s.name());
        row.put("mode", s.mode().name().toLowerCase(Locale.ROOT));
        row.put("queries", m.queries());
        row.put("mrr@10", m.mrr10());
        row.put("ndcg@10", m.ndcg10());
        row.put("recall@10", m.recall10());
        row.put("recall@100", m.recall100());
        rows.add(row);
      });
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("rows", rows);
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("setting", best.name());
      b.put("options", options);
      b.put("mrr@10", top.mrr10());
      b.put("ndcg@10", top.ndcg10());
      b.put("recall@10", top.recall10());
      j.put("best", b);
      out.println(Json.write(j));
      return;
    }
    out.printf(Locale.ROOT, "%-12s %8s %8s %8s %10s %11s%n", "setting", "queries", "MRR@10", "nDCG@10", "Recall@10",
        "Recall@100");
    results.forEach((s, m) -> out.printf(Locale.ROOT, "%-12s %8d %8.4f %8.4f %10.4f %11.4f%s%n", s.name(),
        m.queries(), m.mrr10(), m.ndcg10(), m.recall10(), m.recall100(), s.equals(best) ? "  <- best" : ""));
    out.printf(Locale.ROOT, "best: %s (MRR@10 %.4f, nDCG@10 %.4f, Recall@10 %.4f)%n", best.name(), top.mrr10(),
        top.ndcg10(), top.recall10());
    out.printf(Locale.ROOT, "options: %s%n", options);
    if (top.queries() < queryCount) {
      out.printf(Locale.ROOT, "(%d of %d queries have no relevant document in %s and are left out)%n",
          queryCount - top.queries(), queryCount, qrels);
    }
  }

  private void print(Map<Mode, RetrievalMetrics.Mean> results, int queryCount) {
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> j = new LinkedHashMap<>();
      results.forEach((mode, m) -> {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("queries", m.queries());
        row.put("mrr@10", m.mrr10());
        row.put("ndcg@10", m.ndcg10());
        row.put("recall@10", m.recall10());
        row.put("recall@100", m.recall100());
        j.put(mode.name(), row);
      });
      out.println(Json.write(j));
      return;
    }
    out.printf(Locale.ROOT, "%-8s %8s %8s %8s %10s %11s%n", "mode", "queries", "MRR@10", "nDCG@10", "Recall@10",
        "Recall@100");
    results.forEach((mode, m) -> out.printf(Locale.ROOT, "%-8s %8d %8.4f %8.4f %10.4f %11.4f%n", mode.name(),
        m.queries(), m.mrr10(), m.ndcg10(), m.recall10(), m.recall100()));
    if (results.values().iterator().next().queries() < queryCount) {
      out.printf(Locale.ROOT, "(%d of %d queries have no relevant document in %s and are left out)%n",
          queryCount - results.values().iterator().next().queries(), queryCount, qrels);
    }
  }
}
