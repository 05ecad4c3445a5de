package dev.quiver.benchmarks;

import dev.quiver.Fusion;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import dev.quiver.datasets.RetrievalMetrics;
import dev.quiver.datasets.JsonlItemReader;
import dev.quiver.datasets.Qrels;
import dev.quiver.datasets.Queries;
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

/**
 * Retrieval quality on a BEIR-layout dataset: MRR@10, nDCG@10, Recall@10 and Recall@100 for the keyword
 * side, the vector side and each fusion. Each side's candidate window (100) is fetched once per query and
 * every fusion is computed from the same windows, so the rows differ only in how they fuse.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *   dev.quiver.benchmarks.QualityEvaluator ../shared/eval/debian-known-item-dev benchmarks/target/eval/debian.quiver
 * </pre>
 */
public final class QualityEvaluator {
  static final int WINDOW = 100;

  private QualityEvaluator() {}

  /** The fusions compared; the first rows are the two single sides. */
  static Map<String, Fusion> fusions() {
    Map<String, Fusion> f = new LinkedHashMap<>();
    f.put("rrf k=60", Fusion.rrf(60));
    f.put("rrf k=10", Fusion.rrf(10));
    for (double w : new double[] {0.3, 0.4, 0.5, 0.6, 0.7}) {
      f.put(String.format(Locale.ROOT, "z-score w=%.1f", w), Fusion.zScore(w));
    }
    for (double w : new double[] {0.3, 0.5, 0.7}) {
      f.put(String.format(Locale.ROOT, "min-max w=%.1f", w), Fusion.minMax(w));
    }
    return f;
  }

  public static void main(String[] args) throws Exception {
    Path dataset = Path.of(args.length > 0 ? args[0] : "../shared/eval/debian-known-item-dev");
    Path store = Path.of(args.length > 1 ? args[1] : "benchmarks/target/eval/dataset.quiver");
    Files.createDirectories(store.toAbsolutePath().getParent());
    QuiverOptions options = QuiverOptions.builder().embedder(new MiniLmEmbedder())
        .keywordIndex(LuceneKeywordIndex.factory()).candidateWindow(WINDOW).build();
    try (Quiver quiver = Quiver.open(store, options)) {
      indexCorpus(quiver, dataset.resolve("corpus.jsonl"));
      List<Queries.Query> queries = Queries.read(dataset.resolve("queries.jsonl"));
      Map<String, Map<String, Integer>> qrels = Qrels.read(dataset.resolve("qrels/test.tsv"));
      Map<String, RetrievalMetrics.Mean> rows = new LinkedHashMap<>();
      rows.put("keyword (BM25)", new RetrievalMetrics.Mean());
      rows.put("vector (MiniLM)", new RetrievalMetrics.Mean());
      Map<String, Fusion> fusions = fusions();
      fusions.keySet().forEach(name -> rows.put(name, new RetrievalMetrics.Mean()));
      for (Queries.Query q : queries) {
        Map<String, Integer> judged = qrels.getOrDefault(q.id(), Map.of());
        List<Candidate> vector = window(quiver, q.text(), SearchMode.VECTOR);
        List<Candidate> keyword = window(quiver, q.text(), SearchMode.KEYWORD);
        rows.get("keyword (BM25)").add(ids(keyword), judged);
        rows.get("vector (MiniLM)").add(ids(vector), judged);
        for (Map.Entry<String, Fusion> f : fusions.entrySet()) {
          List<String> fused = Fuser.fuse(vector, keyword, f.getValue(), WINDOW, WINDOW).stream().map(Fused::id).toList();
          rows.get(f.getKey()).add(fused, judged);
        }
      }
      System.out.printf(Locale.ROOT, "%d queries, %d documents, dataset %s, window %d per side%n%n",
          rows.get("keyword (BM25)").queries(), quiver.count(), dataset.getFileName(), WINDOW);
      System.out.println("| run | MRR@10 | nDCG@10 | Recall@10 | Recall@100 |");
      System.out.println("|---|--:|--:|--:|--:|");
      rows.forEach((name, m) -> System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f |%n", name,
          m.mrr10(), m.ndcg10(), m.recall10(), m.recall100()));
    }
  }

  private static void indexCorpus(Quiver quiver, Path corpus) {
    try (JsonlItemReader reader = JsonlItemReader.open(corpus)) {
      long expected = reader.expectedCount();
      if (expected > 0 && quiver.count() == expected) {
        return; // indexed by an earlier run
      }
      List<Item> batch = new ArrayList<>();
      long done = 0;
      long started = System.nanoTime();
      while (reader.hasNext()) {
        batch.add(reader.next());
        if (batch.size() == 256 || !reader.hasNext()) {
          quiver.index(batch);
          done += batch.size();
          batch.clear();
          System.err.printf(Locale.ROOT, "indexed %d/%d (%.0f/s)%n", done, expected,
              done / ((System.nanoTime() - started) / 1e9));
        }
      }
    }
  }

  private static List<Candidate> window(Quiver quiver, String text, SearchMode mode) {
    List<Candidate> out = new ArrayList<>();
    for (Hit h : quiver.search(SearchRequest.of(text).mode(mode).limit(WINDOW).includeText(false)).hits()) {
      out.add(new Candidate(h.id(), (float) h.score()));
    }
    return out;
  }

  private static List<String> ids(List<Candidate> candidates) {
    return candidates.stream().map(Candidate::id).toList();
  }
}
