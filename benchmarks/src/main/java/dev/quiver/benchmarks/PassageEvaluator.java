package dev.quiver.benchmarks;

import dev.quiver.Fusion;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.datasets.JsonlItemReader;
import dev.quiver.datasets.PairedBootstrap;
import dev.quiver.datasets.Qrels;
import dev.quiver.datasets.Queries;
import dev.quiver.datasets.RetrievalMetrics;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import dev.quiver.internal.hybrid.Candidate;
import dev.quiver.internal.hybrid.Fused;
import dev.quiver.internal.hybrid.Fuser;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Long texts as passages (issue 11): the vector side with one vector per document, as the store holds today,
 * against documents split into overlapping windows of word pieces, each embedded with the real MiniLM and the
 * document scored by its best passage. Every run searches all documents exactly (short ones stay one
 * passage); the keyword side is the shipped BM25 on whole texts, fused by z-score 0.5.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -Xmx4g -cp benchmarks/target/benchmarks.jar \
 *   dev.quiver.benchmarks.PassageEvaluator ../shared/eval/debian-known-item-dev target/passages 126/63,126/94
 * </pre>
 *
 * <p>Metrics are reported on all queries and on those whose relevant document is among the longest 20% of
 * documents by word pieces; each passage run is compared with today's by a paired bootstrap over queries.
 * Vectors are cached under the work directory (the second argument), keyed by text. A further row, the mean
 * of a document's passage vectors, shows what splitting and averaging would give.
 */
public final class PassageEvaluator {
  static final int WINDOW = 100;
  static final double LONG_SHARE = 0.2;

  private PassageEvaluator() {}

  /** One way of giving documents vectors: each passage's vector and the document it belongs to. */
  private record Run(String name, int[] passageDoc, float[][] vectors) {}

  /** One query's rankings in one run. */
  private record Ranked(List<String> vector, List<String> hybrid) {}

  public static void main(String[] args) throws Exception {
    Path dataset = Path.of(args.length > 0 ? args[0] : "../shared/eval/debian-known-item-dev");
    Path work = Path.of(args.length > 1 ? args[1] : "benchmarks/target/passages");
    String settings = args.length > 2 ? args[2] : "126/63,126/94";
    Files.createDirectories(work);

    List<Item> docs = readCorpus(dataset.resolve("corpus.jsonl"));
    int[] pieces = new int[docs.size()];
    WordPieces.Spans[] spans = new WordPieces.Spans[docs.size()];
    try (WordPieces wp = new WordPieces()) {
      for (int i = 0; i < docs.size(); i++) {
        spans[i] = wp.spans(docs.get(i).text());
        pieces[i] = spans[i].count();
      }
    }
    Set<String> longDocs = longest(docs, pieces);
    printLengths(pieces, longDocs.size());

    MiniLmEmbedder embedder = new MiniLmEmbedder();
    VectorCache cache = new VectorCache(work.resolve("minilm-vectors.bin"), MiniLmEmbedder.DIMENSIONS);
    List<String> texts = docs.stream().map(Item::text).toList();
    float[][] docVectors = cache.vectors(texts, embedder::embedDocuments).toArray(new float[0][]);
    int[] identity = new int[docs.size()];
    Arrays.setAll(identity, i -> i);

    List<Run> runs = new ArrayList<>();
    runs.add(new Run("a) one vector per document (today)", identity, docVectors));
    for (String s : settings.split(",")) {
      String[] ws = s.split("/", 2);
      PassageWindows windows = new PassageWindows(Integer.parseInt(ws[0].trim()), Integer.parseInt(ws[1].trim()));
      List<String> passages = new ArrayList<>();
      List<Integer> owner = new ArrayList<>();
      for (int i = 0; i < docs.size(); i++) {
        for (String p : windows.split(docs.get(i).text(), spans[i].starts(), spans[i].ends())) {
          passages.add(p);
          owner.add(i);
        }
      }
      System.err.printf(Locale.ROOT, "%s: %d passages%n", windows, passages.size());
      float[][] vectors = cache.vectors(passages, embedder::embedDocuments).toArray(new float[0][]);
      int[] passageDoc = owner.stream().mapToInt(Integer::intValue).toArray();
      runs.add(new Run("b) best passage, " + windows + ", " + passages.size() + " passages", passageDoc, vectors));
      runs.add(new Run("c) mean of passages, " + windows, identity, meanPerDocument(passageDoc, vectors,
          docs.size())));
    }

    List<Queries.Query> queries = Queries.read(dataset.resolve("queries.jsonl"));
    Map<String, Map<String, Integer>> qrels = Qrels.read(dataset.resolve("qrels/test.tsv"));
    queries = queries.stream().filter(q -> RetrievalMetrics.hasRelevant(qrels.getOrDefault(q.id(), Map.of())))
        .toList();
    float[][] queryVectors = new VectorCache(work.resolve("minilm-queries.bin"), MiniLmEmbedder.DIMENSIONS)
        .vectors(queries.stream().map(Queries.Query::text).toList(), embedder::embedQueries)
        .toArray(new float[0][]);

    List<List<Candidate>> keyword = new ArrayList<>();
    List<Boolean> isLong = new ArrayList<>();
    double storeVectorMrr = 0;
    try (Quiver quiver = keywordStore(work.resolve("keyword.quiver"), docs, docVectors)) {
      for (int q = 0; q < queries.size(); q++) {
        Map<String, Integer> judged = qrels.get(queries.get(q).id());
        keyword.add(window(quiver, SearchRequest.of(queries.get(q).text()).mode(SearchMode.KEYWORD)));
        storeVectorMrr += RetrievalMetrics.reciprocalRank(ids(window(quiver, SearchRequest.of(queryVectors[q]))),
            judged, 10);
        isLong.add(judged.entrySet().stream().anyMatch(e -> e.getValue() > 0 && longDocs.contains(e.getKey())));
      }
    }

    Map<String, List<Ranked>> ranked = new LinkedHashMap<>();
    for (Run run : runs) {
      List<Ranked> perQuery = new ArrayList<>();
      for (int q = 0; q < queries.size(); q++) {
        List<Candidate> vector = bestPassages(run, queryVectors[q], docs);
        List<String> hybrid = Fuser.fuse(vector, keyword.get(q), Fusion.zScore(0.5), WINDOW, WINDOW).stream()
            .map(Fused::id).toList();
        perQuery.add(new Ranked(ids(vector), hybrid));
      }
      ranked.put(run.name(), perQuery);
    }

    System.out.printf(Locale.ROOT, "%n%d queries (%d with a long relevant document), %d documents, dataset %s; "
        + "the store's own vector search of today's vectors: MRR@10 %.4f%n", queries.size(),
        isLong.stream().filter(b -> b).count(), docs.size(), dataset.getFileName(), storeVectorMrr / queries.size());
    for (boolean onlyLong : new boolean[] {true, false}) {
      printSubset(onlyLong ? "long" : "all", ranked, queries, qrels, isLong, onlyLong);
    }
  }

  private static void printSubset(String title, Map<String, List<Ranked>> ranked, List<Queries.Query> queries,
      Map<String, Map<String, Integer>> qrels, List<Boolean> isLong, boolean onlyLong) {
    List<Integer> chosen = new ArrayList<>();
    for (int q = 0; q < queries.size(); q++) {
      if (!onlyLong || isLong.get(q)) {
        chosen.add(q);
      }
    }
    System.out.printf(Locale.ROOT, "%n### %s queries (%d)%n%n", title, chosen.size());
    System.out.println("| run | vector MRR@10 | vector nDCG@10 | vector R@10 | hybrid MRR@10 | hybrid nDCG@10 | hybrid R@10 |");
    System.out.println("|---|--:|--:|--:|--:|--:|--:|");
    Map<String, double[][]> scores = new LinkedHashMap<>();
    ranked.forEach((name, perQuery) -> {
      // per query: vector RR, nDCG, recall; hybrid RR, nDCG, recall
      double[][] m = new double[6][chosen.size()];
      for (int i = 0; i < chosen.size(); i++) {
        int q = chosen.get(i);
        Map<String, Integer> judged = qrels.get(queries.get(q).id());
        Ranked r = perQuery.get(q);
        m[0][i] = RetrievalMetrics.reciprocalRank(r.vector(), judged, 10);
        m[1][i] = RetrievalMetrics.ndcg(r.vector(), judged, 10);
        m[2][i] = RetrievalMetrics.recall(r.vector(), judged, 10);
        m[3][i] = RetrievalMetrics.reciprocalRank(r.hybrid(), judged, 10);
        m[4][i] = RetrievalMetrics.ndcg(r.hybrid(), judged, 10);
        m[5][i] = RetrievalMetrics.recall(r.hybrid(), judged, 10);
      }
      scores.put(name, m);
      System.out.printf(Locale.ROOT, "| %s | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |%n", name, mean(m[0]),
          mean(m[1]), mean(m[2]), mean(m[3]), mean(m[4]), mean(m[5]));
    });
    double[][] today = scores.values().iterator().next();
    System.out.printf(Locale.ROOT, "%nAgainst today, paired bootstrap (%d resamples, seed 1, 95%%), %s queries%n%n",
        PairedBootstrap.RESAMPLES, title);
    System.out.println("| run | vector MRR@10 | 95% interval | vector nDCG@10 | 95% interval | hybrid MRR@10 | 95% interval |");
    System.out.println("|---|--:|--:|--:|--:|--:|--:|");
    scores.entrySet().stream().skip(1).forEach(e -> {
      StringBuilder line = new StringBuilder("| " + e.getKey());
      for (int metric : new int[] {0, 1, 3}) {
        PairedBootstrap.Interval i = PairedBootstrap.interval(today[metric], e.getValue()[metric]);
        line.append(String.format(Locale.ROOT, " | %+.4f | %+.4f to %+.4f", i.mean(), i.lower(), i.upper()));
      }
      System.out.println(line.append(" |"));
    });
  }

  /** The documents of the top {@value #WINDOW} by their best passage's cosine (the vectors are unit length). */
  private static List<Candidate> bestPassages(Run run, float[] query, List<Item> docs) {
    float[] best = new float[docs.size()];
    Arrays.fill(best, Float.NEGATIVE_INFINITY);
    for (int p = 0; p < run.vectors().length; p++) {
      float[] v = run.vectors()[p];
      float dot = 0;
      for (int d = 0; d < v.length; d++) {
        dot += v[d] * query[d];
      }
      int doc = run.passageDoc()[p];
      best[doc] = Math.max(best[doc], dot);
    }
    Integer[] order = new Integer[docs.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -best[i]).thenComparing(i -> docs.get(i).id()));
    List<Candidate> out = new ArrayList<>(WINDOW);
    for (int i = 0; i < Math.min(WINDOW, order.length); i++) {
      out.add(new Candidate(docs.get(order[i]).id(), best[order[i]]));
    }
    return out;
  }

  /** Each document's passage vectors averaged and scaled to unit length, as split-and-average embedders do. */
  private static float[][] meanPerDocument(int[] passageDoc, float[][] vectors, int documents) {
    float[][] mean = new float[documents][vectors[0].length];
    for (int p = 0; p < vectors.length; p++) {
      for (int d = 0; d < vectors[p].length; d++) {
        mean[passageDoc[p]][d] += vectors[p][d];
      }
    }
    for (float[] m : mean) {
      double norm = 0;
      for (float x : m) {
        norm += x * x;
      }
      float scale = (float) (1 / Math.sqrt(norm));
      for (int d = 0; d < m.length; d++) {
        m[d] *= scale;
      }
    }
    return mean;
  }

  /** The longest {@value #LONG_SHARE} of documents by word pieces (ties by id). */
  private static Set<String> longest(List<Item> docs, int[] pieces) {
    Integer[] order = new Integer[docs.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.<Integer>comparingInt(i -> -pieces[i]).thenComparing(i -> docs.get(i).id()));
    Set<String> out = new HashSet<>();
    for (int i = 0; i < (int) Math.round(docs.size() * LONG_SHARE); i++) {
      out.add(docs.get(order[i]).id());
    }
    return out;
  }

  private static void printLengths(int[] pieces, int longCount) {
    int[] sorted = pieces.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    long over126 = Arrays.stream(pieces).filter(p -> p > 126).count();
    System.out.printf(Locale.ROOT, "word pieces per document: median %d, 80th percentile %d, 95th %d, max %d; "
        + "the longest %d start at %d pieces; %d documents exceed the model's 126 pieces (128 tokens)%n",
        sorted[n / 2], sorted[(int) (n * 0.8)], sorted[(int) (n * 0.95)], sorted[n - 1], longCount,
        sorted[n - longCount], over126);
  }

  private static Quiver keywordStore(Path path, List<Item> docs, float[][] vectors) {
    Quiver quiver = Quiver.open(path, QuiverOptions.builder().dimensions(MiniLmEmbedder.DIMENSIONS)
        .modelId(MiniLmEmbedder.MODEL_ID).keywordIndex(LuceneKeywordIndex.factory()).candidateWindow(WINDOW)
        .build());
    if (quiver.count() != docs.size()) {
      for (int from = 0; from < docs.size(); from += 1000) {
        int to = Math.min(docs.size(), from + 1000);
        quiver.index(docs.subList(from, to), Arrays.asList(vectors).subList(from, to));
      }
    }
    return quiver;
  }

  private static List<Item> readCorpus(Path corpus) {
    List<Item> docs = new ArrayList<>();
    try (JsonlItemReader reader = JsonlItemReader.open(corpus)) {
      while (reader.hasNext()) {
        docs.add(reader.next());
      }
    }
    return docs;
  }

  private static List<Candidate> window(Quiver quiver, SearchRequest request) {
    List<Candidate> out = new ArrayList<>();
    for (Hit h : quiver.search(request.limit(WINDOW).includeText(false)).hits()) {
      out.add(new Candidate(h.id(), (float) h.score()));
    }
    return out;
  }

  private static List<String> ids(List<Candidate> candidates) {
    return candidates.stream().map(Candidate::id).toList();
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(0);
  }
}
