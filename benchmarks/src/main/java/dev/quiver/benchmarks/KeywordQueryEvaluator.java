package dev.quiver.benchmarks;

import dev.quiver.Fusion;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.SearchMode;
import dev.quiver.datasets.JsonlItemReader;
import dev.quiver.datasets.PairedBootstrap;
import dev.quiver.datasets.Qrels;
import dev.quiver.datasets.Queries;
import dev.quiver.datasets.RetrievalMetrics;
import dev.quiver.embed.minilm.MiniLmEmbedder;
import dev.quiver.internal.hybrid.Candidate;
import dev.quiver.internal.hybrid.Fused;
import dev.quiver.internal.hybrid.Fuser;
import dev.quiver.keyword.KeywordAnalyzer;
import dev.quiver.keyword.LuceneKeywordIndex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * Compares ways of building the keyword query (the shipped one-clause-per-term disjunction, and the same with
 * proximity clauses over adjacent query terms) against fixed vector windows, in one run. The vector windows come
 * from the store once and are kept in a file; the keyword side is a Lucene index of the corpus built in memory
 * the way {@link LuceneKeywordIndex} builds its own (field {@code text}, the same analyzer, BM25), so each variant
 * costs a few seconds and none rebuilds the store.
 *
 * <pre>
 * java -Xmx4g -Dquiver.eval.variants=terms,pairs:1:0.2 -cp benchmarks/target/benchmarks.jar \
 *   dev.quiver.benchmarks.KeywordQueryEvaluator ../shared/eval/debian-known-item-dev STORE VECTOR_WINDOWS_FILE
 * </pre>
 *
 * <p>Variants: {@code terms} (shipped); {@code pairs:SLOP:BOOST}, adding one optional sloppy phrase per adjacent
 * pair of analyzed query terms (at their query positions, so a removed stop word keeps its gap), boosted;
 * {@code whole:SLOP:BOOST}, one sloppy phrase of the whole query. The first variant is the baseline of the
 * paired bootstrap (10,000 resamples, seed 1), unless {@code -Dquiver.eval.baseline=FILE} names a per-query file
 * that {@link QualityEvaluator} wrote, whose runs then come first and are the baseline (for comparing another
 * analyzer with the shipped run). {@code -Dquiver.eval.extra=true} adds the rank fusions of {@link RankFusion}.
 * {@code -Dquiver.eval.analyzer=english-kstem} and {@code -Dquiver.eval.bm25=K1,B} as in {@link QualityEvaluator}.
 */
public final class KeywordQueryEvaluator {
  private static final int WINDOW = QualityEvaluator.WINDOW;
  private static final String FIELD = "text";
  private static final String KEYWORD = "keyword (BM25)";
  private static final String VECTOR = "vector (MiniLM)";
  /** Also rank fusions this harness computes itself ({@link RankFusion}), for RRF variants the store lacks. */
  private static final boolean EXTRA = Boolean.getBoolean("quiver.eval.extra");

  private KeywordQueryEvaluator() {}

  public static void main(String[] args) throws Exception {
    Path dataset = Path.of(args[0]);
    Path store = Path.of(args[1]);
    Path vectorFile = Path.of(args[2]);
    List<String> variants = List.of(System.getProperty("quiver.eval.variants", "terms,pairs:1:0.2").split(","));
    String bm25 = System.getProperty("quiver.eval.bm25", LuceneKeywordIndex.BM25_K1 + "," + LuceneKeywordIndex.BM25_B);
    String[] kb = bm25.split(",", 2);
    BM25Similarity similarity = new BM25Similarity(Float.parseFloat(kb[0]), Float.parseFloat(kb[1]));
    String analyzerName = System.getProperty("quiver.eval.analyzer", "english");

    List<Queries.Query> queries = Queries.read(dataset.resolve("queries.jsonl"));
    Map<String, Map<String, Integer>> qrels = Qrels.read(dataset.resolve("qrels/test.tsv"));
    Map<String, List<Candidate>> vectors = vectorWindows(store, vectorFile, queries);

    try (Analyzer analyzer = analyzer(analyzerName); ByteBuffersDirectory dir = new ByteBuffersDirectory()) {
      index(dir, analyzer, dataset.resolve("corpus.jsonl"));
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        searcher.setSimilarity(similarity);
        Map<String, Fusion> fusions = QualityEvaluator.fusions();
        // variant -> run -> per-query reciprocal rank
        Map<String, Map<String, double[]>> results = new LinkedHashMap<>();
        for (String variant : variants) {
          Map<String, List<Double>> rr = new LinkedHashMap<>();
          for (Queries.Query q : queries) {
            Map<String, Integer> judged = qrels.getOrDefault(q.id(), Map.of());
            if (!RetrievalMetrics.hasRelevant(judged)) {
              continue;
            }
            List<Candidate> vector = vectors.get(q.id());
            List<Candidate> keyword = search(searcher, analyzer, variant, q.text());
            Map<String, List<String>> ranked = new LinkedHashMap<>();
            ranked.put(KEYWORD, QualityEvaluator.ids(keyword));
            ranked.put(VECTOR, QualityEvaluator.ids(vector));
            if (EXTRA) {
              RankFusion.all().forEach((name, f) -> ranked.put(name, f.fuse(vector, keyword, WINDOW)));
            }
            fusions.forEach((name, f) -> ranked.put(name,
                Fuser.fuse(vector, keyword, f, WINDOW, WINDOW).stream().map(Fused::id).toList()));
            ranked.forEach((name, list) -> rr.computeIfAbsent(name, n -> new ArrayList<>())
                .add(RetrievalMetrics.reciprocalRank(list, judged, 10)));
          }
          Map<String, double[]> arrays = new LinkedHashMap<>();
          rr.forEach((name, list) -> arrays.put(name, list.stream().mapToDouble(Double::doubleValue).toArray()));
          results.put(variant, arrays);
        }
        String baseline = System.getProperty("quiver.eval.baseline");
        if (baseline != null) {
          // the file's runs first, so every variant is compared with them
          Map<String, Map<String, double[]>> withFile = new LinkedHashMap<>();
          withFile.put("file " + Path.of(baseline).getFileName(),
              readPerQuery(Path.of(baseline), results.values().iterator().next().keySet()));
          withFile.putAll(results);
          results = withFile;
        }
        print(results, analyzerName, bm25);
      }
    }
  }

  private static void print(Map<String, Map<String, double[]>> results, String analyzer, String bm25) {
    String base = results.keySet().iterator().next();
    Map<String, double[]> baseRuns = results.get(base);
    System.out.printf(Locale.ROOT, "analyzer %s, BM25 %s; MRR@10 per run, baseline %s%n%n", analyzer, bm25, base);
    List<String> runs = new ArrayList<>(baseRuns.keySet());
    runs.remove(VECTOR);
    System.out.println("| variant | " + String.join(" | ", runs) + " |");
    System.out.println("|---|" + "--:|".repeat(runs.size()));
    results.forEach((variant, r) -> {
      StringBuilder line = new StringBuilder("| " + variant + " |");
      for (String run : runs) {
        line.append(r.containsKey(run) ? String.format(Locale.ROOT, " %.4f |", mean(r.get(run))) : " |");
      }
      System.out.println(line);
    });
    System.out.printf(Locale.ROOT, "%nagainst %s, paired bootstrap (%d resamples, seed 1, 95%%)%n%n", base,
        PairedBootstrap.RESAMPLES);
    System.out.println("| variant | run | difference | 95% interval |");
    System.out.println("|---|---|--:|--:|");
    results.forEach((variant, r) -> {
      if (variant.equals(base)) {
        return;
      }
      for (String run : runs) {
        if (!baseRuns.containsKey(run)) {
          continue;
        }
        PairedBootstrap.Interval i = PairedBootstrap.interval(baseRuns.get(run), r.get(run));
        System.out.printf(Locale.ROOT, "| %s | %s | %+.4f | %+.4f to %+.4f |%n", variant, run, i.mean(), i.lower(),
            i.upper());
      }
    });
    System.out.printf(Locale.ROOT, "%neach run against the single sides, per variant%n%n");
    System.out.println("| variant | run | - keyword | 95% interval | - vector | 95% interval |");
    System.out.println("|---|---|--:|--:|--:|--:|");
    results.forEach((variant, r) -> {
      for (String run : runs) {
        if (run.equals(KEYWORD) || !r.containsKey(run)) {
          continue;
        }
        PairedBootstrap.Interval k = PairedBootstrap.interval(r.get(KEYWORD), r.get(run));
        PairedBootstrap.Interval v = PairedBootstrap.interval(r.get(VECTOR), r.get(run));
        System.out.printf(Locale.ROOT, "| %s | %s | %+.4f | %+.4f to %+.4f | %+.4f | %+.4f to %+.4f |%n", variant,
            run, k.mean(), k.lower(), k.upper(), v.mean(), v.lower(), v.upper());
      }
    });
  }

  /** Per-query reciprocal ranks as {@link QualityEvaluator} writes them, for the runs named in {@code runs}. */
  private static Map<String, double[]> readPerQuery(Path file, Set<String> runs) throws IOException {
    Map<String, double[]> out = new LinkedHashMap<>();
    Map<String, double[]> all = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.split("\t");
      all.put(f[0], Arrays.stream(f, 1, f.length).mapToDouble(Double::parseDouble).toArray());
    }
    for (String run : runs) {
      double[] values = all.get(run);
      if (values != null) {
        out.put(run, values); // runs the file lacks are compared with the first variant only
      }
    }
    return out;
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(0);
  }

  /** The vector window of every query, read from {@code file}, or fetched from the store and written there. */
  private static Map<String, List<Candidate>> vectorWindows(Path store, Path file, List<Queries.Query> queries)
      throws IOException {
    Map<String, List<Candidate>> windows = new LinkedHashMap<>();
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file)) {
        String[] f = line.split("\t");
        List<Candidate> window = new ArrayList<>();
        for (int i = 1; i + 1 < f.length; i += 2) {
          window.add(new Candidate(f[i], Float.parseFloat(f[i + 1])));
        }
        windows.put(f[0], window);
      }
      return windows;
    }
    QuiverOptions options = QuiverOptions.builder().embedder(new MiniLmEmbedder())
        .keywordIndex(LuceneKeywordIndex.factory()).candidateWindow(WINDOW).build();
    List<String> lines = new ArrayList<>();
    try (Quiver quiver = Quiver.open(store, options)) {
      for (Queries.Query q : queries) {
        List<Candidate> window = QualityEvaluator.window(quiver, q.text(), SearchMode.VECTOR);
        windows.put(q.id(), window);
        StringBuilder line = new StringBuilder(q.id());
        window.forEach(c -> line.append('\t').append(c.id()).append('\t').append(c.score()));
        lines.add(line.toString());
      }
    }
    Files.write(file, lines);
    return windows;
  }

  private static void index(ByteBuffersDirectory dir, Analyzer analyzer, Path corpus) throws IOException {
    IndexWriterConfig config = new IndexWriterConfig(analyzer);
    try (IndexWriter writer = new IndexWriter(dir, config); JsonlItemReader reader = JsonlItemReader.open(corpus)) {
      while (reader.hasNext()) {
        Item item = reader.next();
        Document doc = new Document();
        doc.add(new StringField("id", item.id(), Field.Store.YES));
        doc.add(new TextField(FIELD, item.text(), Field.Store.NO));
        writer.addDocument(doc);
      }
      writer.forceMerge(1);
    }
  }

  private static List<Candidate> search(IndexSearcher searcher, Analyzer analyzer, String variant, String text)
      throws IOException {
    Query query = query(analyzer, variant, text);
    if (query == null) {
      return List.of();
    }
    TopDocs top = searcher.search(query, WINDOW);
    List<Candidate> hits = new ArrayList<>();
    for (ScoreDoc sd : top.scoreDocs) {
      hits.add(new Candidate(searcher.storedFields().document(sd.doc, Set.of("id")).get("id"), sd.score));
    }
    return hits;
  }

  /** An analyzed query term and its position in the query. */
  private record Token(String term, int position) {}

  private static List<Token> tokens(Analyzer analyzer, String text) throws IOException {
    List<Token> tokens = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream(FIELD, text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute increment = stream.addAttribute(PositionIncrementAttribute.class);
      stream.reset();
      int position = -1;
      while (stream.incrementToken()) {
        position += increment.getPositionIncrement();
        if (term.length() > 0) {
          tokens.add(new Token(term.toString(), position));
        }
      }
      stream.end();
    }
    return tokens;
  }

  static Query query(Analyzer analyzer, String variant, String text) throws IOException {
    List<Token> tokens = tokens(analyzer, text);
    Set<String> distinct = new LinkedHashSet<>();
    tokens.forEach(t -> distinct.add(t.term()));
    if (distinct.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (String t : distinct) {
      b.add(new TermQuery(new Term(FIELD, t)), Occur.SHOULD);
    }
    String[] v = variant.split(":");
    switch (v[0]) {
      case "terms":
        break;
      case "pairs": {
        int slop = Integer.parseInt(v[1]);
        float boost = Float.parseFloat(v[2]);
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
          Token first = tokens.get(i);
          Token second = tokens.get(i + 1);
          if (first.term().equals(second.term()) || !seen.add(first.term() + " " + second.term())) {
            continue;
          }
          PhraseQuery phrase = new PhraseQuery.Builder().setSlop(slop)
              .add(new Term(FIELD, first.term()), 0)
              .add(new Term(FIELD, second.term()), second.position() - first.position())
              .build();
          b.add(new BoostQuery(phrase, boost), Occur.SHOULD);
        }
        break;
      }
      case "whole": {
        if (tokens.size() < 2) {
          break;
        }
        PhraseQuery.Builder phrase = new PhraseQuery.Builder().setSlop(Integer.parseInt(v[1]));
        int start = tokens.get(0).position();
        tokens.forEach(t -> phrase.add(new Term(FIELD, t.term()), t.position() - start));
        b.add(new BoostQuery(phrase.build(), Float.parseFloat(v[2])), Occur.SHOULD);
        break;
      }
      default:
        throw new IllegalArgumentException("unknown variant '" + variant + "'; expected terms, pairs:SLOP:BOOST or "
            + "whole:SLOP:BOOST");
    }
    return b.build();
  }

  /** The store's own analyzer of that name, so the variants analyze exactly as the index does. */
  private static Analyzer analyzer(String name) {
    return KeywordAnalyzer.named(name).create();
  }
}
