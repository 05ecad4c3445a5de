package dev.quiver.cli;

import dev.quiver.Hit;
import dev.quiver.Quiver;
import dev.quiver.SearchRequest;
import dev.quiver.datasets.RetrievalMetrics;
import dev.quiver.datasets.InputException;
import dev.quiver.datasets.Json;
import dev.quiver.datasets.Qrels;
import dev.quiver.datasets.Queries;
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
import picocli.CommandLine.Spec;

@Command(name = "eval", mixinStandardHelpOptions = true,
    description = {"Measures retrieval quality on judged queries (BEIR layout): MRR@10, nDCG@10, Recall@10 and "
        + "Recall@100 for each mode, averaged over the queries that have a relevant document."})
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

  @Override
  public Integer call() {
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
    Map<Mode, RetrievalMetrics.Mean> results = new LinkedHashMap<>();
    try (Quiver quiver = store.open();
        Progress progress = Progress.start("eval", (long) judged.size() * modes.size(), progressOption.progress())) {
      for (Mode mode : modes) {
        RetrievalMetrics.Mean mean = new RetrievalMetrics.Mean();
        for (Queries.Query q : judged) {
          List<String> ranked = quiver.search(SearchRequest.of(q.text()).limit(DEPTH).mode(mode.core)
              .includeText(false)).hits().stream().map(Hit::id).toList();
          mean.add(ranked, judgments.get(q.id()));
          progress.stepBy(1);
        }
        results.put(mode, mean);
      }
    }
    print(results, all.size());
    return ExitCodes.OK;
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
