package dev.quiver.benchmarks;

import dev.quiver.Fusion;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.datasets.PairedBootstrap;
import dev.quiver.datasets.Qrels;
import dev.quiver.datasets.Queries;
import dev.quiver.datasets.RetrievalMetrics;
import dev.quiver.embed.e5.E5SmallEmbedder;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import dev.quiver.internal.hybrid.Candidate;
import dev.quiver.internal.hybrid.Fused;
import dev.quiver.internal.hybrid.Fuser;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Three-way fusion, MiniLM + e5-small + BM25, against the shipped two-way default (z-score 0.5, MiniLM + BM25),
 * measured in the evaluator only: two stores of the same corpus, one per model (the MiniLM one with the keyword
 * index), each side's window of 100 fetched once per query, every run fused from the same windows by
 * {@link MultiSideFusion}. Each run's MRR@10, nDCG@10 and Recall@10 is compared with the default's by a paired
 * bootstrap over queries (10,000 resamples, seed 1).
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar dev.quiver.benchmarks.ThreeWayEvaluator \
 *   ../shared/eval/debian-known-item-dev target/eval/minilm.quiver target/eval/e5.quiver
 * </pre>
 *
 * A store missing the corpus is indexed first (minutes: every document is embedded).
 */
public final class ThreeWayEvaluator {
  static final String DEFAULT = "z 0.5 MiniLM + BM25 (default)";

  private ThreeWayEvaluator() {}

  /** One query's three windows. */
  record Windows(List<Candidate> minilm, List<Candidate> e5, List<Candidate> keyword) {}

  /** The runs compared, by name; the first is the shipped default. */
  static Map<String, Function<Windows, List<String>>> runs() {
    int w = QualityEvaluator.WINDOW;
    Map<String, Function<Windows, List<String>>> runs = new LinkedHashMap<>();
    runs.put(DEFAULT, q -> Fuser.fuse(q.minilm(), q.keyword(), Fusion.zScore(0.5), w, w).stream()
        .map(Fused::id).toList());
    runs.put("keyword (BM25)", q -> QualityEvaluator.ids(q.keyword()));
    runs.put("vector (MiniLM)", q -> QualityEvaluator.ids(q.minilm()));
    runs.put("vector (e5-small)", q -> QualityEvaluator.ids(q.e5()));
    runs.put("z 0.5 e5 + BM25", q -> Fuser.fuse(q.e5(), q.keyword(), Fusion.zScore(0.5), w, w).stream()
        .map(Fused::id).toList());
    runs.put("z MiniLM + e5, halves", q -> MultiSideFusion.zScore(List.of(q.minilm(), q.e5()),
        new double[] {0.5, 0.5}, w));
    runs.put("z thirds", q -> three(q, 1 / 3.0, 1 / 3.0, 1 / 3.0));
    runs.put("z 0.25 / 0.25 / 0.5", q -> three(q, 0.25, 0.25, 0.5));
    runs.put("z 0.2 / 0.3 / 0.5", q -> three(q, 0.2, 0.3, 0.5));
    runs.put("z 0.3 / 0.3 / 0.4", q -> three(q, 0.3, 0.3, 0.4));
    runs.put("z 0.35 / 0.35 / 0.3", q -> three(q, 0.35, 0.35, 0.3));
    runs.put("z 0.25 / 0.35 / 0.4", q -> three(q, 0.25, 0.35, 0.4));
    runs.put("rrf k=60, three sides", q -> MultiSideFusion.rrf(List.of(q.minilm(), q.e5(), q.keyword()), 60));
    return runs;
  }

  private static List<String> three(Windows q, double minilm, double e5, double keyword) {
    return MultiSideFusion.zScore(List.of(q.minilm(), q.e5(), q.keyword()), new double[] {minilm, e5, keyword},
        QualityEvaluator.WINDOW);
  }

  public static void main(String[] args) throws Exception {
    Path dataset = Path.of(args.length > 0 ? args[0] : "../shared/eval/debian-known-item-dev");
    Path minilmStore = Path.of(args.length > 1 ? args[1] : "target/eval/minilm.quiver");
    Path e5Store = Path.of(args.length > 2 ? args[2] : "target/eval/e5.quiver");
    Files.createDirectories(minilmStore.toAbsolutePath().getParent());
    Files.createDirectories(e5Store.toAbsolutePath().getParent());
    QuiverOptions minilmOptions = QuiverOptions.builder().embedder(new MiniLmEmbedder())
        .keywordIndex(LuceneKeywordIndex.factory()).candidateWindow(QualityEvaluator.WINDOW).build();
    QuiverOptions e5Options = QuiverOptions.builder().embedder(new E5SmallEmbedder())
        .candidateWindow(QualityEvaluator.WINDOW).build();
    try (Quiver minilm = Quiver.open(minilmStore, minilmOptions); Quiver e5 = Quiver.open(e5Store, e5Options)) {
      QualityEvaluator.indexCorpus(minilm, dataset.resolve("corpus.jsonl"));
      QualityEvaluator.indexCorpus(e5, dataset.resolve("corpus.jsonl"));
      List<Queries.Query> queries = Queries.read(dataset.resolve("queries.jsonl"));
      Map<String, Map<String, Integer>> qrels = Qrels.read(dataset.resolve("qrels/test.tsv"));
      Map<String, Function<Windows, List<String>>> runs = runs();
      Map<String, double[][]> perQuery = new LinkedHashMap<>(); // run -> metric -> query
      List<Windows> judged = new ArrayList<>();
      List<Map<String, Integer>> judgments = new ArrayList<>();
      for (Queries.Query q : queries) {
        Map<String, Integer> j = qrels.getOrDefault(q.id(), Map.of());
        if (!RetrievalMetrics.hasRelevant(j)) {
          continue;
        }
        judged.add(new Windows(QualityEvaluator.window(minilm, q.text(), SearchMode.VECTOR),
            QualityEvaluator.window(e5, q.text(), SearchMode.VECTOR),
            QualityEvaluator.window(minilm, q.text(), SearchMode.KEYWORD)));
        judgments.add(j);
      }
      int n = judged.size();
      for (Map.Entry<String, Function<Windows, List<String>>> run : runs.entrySet()) {
        double[][] m = new double[3][n];
        for (int i = 0; i < n; i++) {
          List<String> ranked = run.getValue().apply(judged.get(i));
          m[0][i] = RetrievalMetrics.reciprocalRank(ranked, judgments.get(i), 10);
          m[1][i] = RetrievalMetrics.ndcg(ranked, judgments.get(i), 10);
          m[2][i] = RetrievalMetrics.recall(ranked, judgments.get(i), 10);
        }
        perQuery.put(run.getKey(), m);
      }
      System.out.printf(Locale.ROOT, "%d queries, %d and %d documents, dataset %s, window %d per side%n%n", n,
          minilm.count(), e5.count(), dataset.getFileName(), QualityEvaluator.WINDOW);
      print(perQuery);
    }
  }

  private static void print(Map<String, double[][]> perQuery) {
    String[] metrics = {"MRR@10", "nDCG@10", "R@10"};
    double[][] base = perQuery.get(DEFAULT);
    System.out.println("| run | MRR@10 | nDCG@10 | R@10 | MRR@10 − default (95%) | nDCG@10 − default (95%) "
        + "| R@10 − default (95%) |");
    System.out.println("|---|--:|--:|--:|--:|--:|--:|");
    for (Map.Entry<String, double[][]> e : perQuery.entrySet()) {
      StringBuilder line = new StringBuilder("| " + e.getKey());
      for (int m = 0; m < metrics.length; m++) {
        line.append(String.format(Locale.ROOT, " | %.4f", mean(e.getValue()[m])));
      }
      for (int m = 0; m < metrics.length; m++) {
        if (e.getKey().equals(DEFAULT)) {
          line.append(" | –");
          continue;
        }
        PairedBootstrap.Interval i = PairedBootstrap.interval(base[m], e.getValue()[m]);
        line.append(String.format(Locale.ROOT, " | %+.4f (%+.4f to %+.4f)%s", i.mean(), i.lower(), i.upper(),
            i.above0() ? " ↑" : i.below0() ? " ↓" : ""));
      }
      System.out.println(line.append(" |"));
    }
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return values.length == 0 ? 0 : sum / values.length;
  }
}
