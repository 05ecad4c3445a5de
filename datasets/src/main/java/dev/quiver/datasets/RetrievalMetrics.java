package dev.quiver.datasets;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranking metrics of one query's result list against graded judgments, as trec_eval and BEIR (pytrec_eval)
 * compute them. A document is relevant when its grade is above 0; unjudged documents count as not relevant;
 * a document repeated in the ranking counts at its first rank only.
 *
 * <ul>
 *   <li>{@link #reciprocalRank}: 1 / rank of the first relevant document within the top k, else 0.
 *   <li>{@link #ndcg}: DCG / ideal DCG over the top k, with linear gain: {@code sum grade_i / log2(i + 1)}.
 *   <li>{@link #recall}: relevant documents in the top k / all relevant documents.
 * </ul>
 *
 * A query with no relevant document has no defined score: each method then returns 0, and {@link Mean}
 * leaves such queries out, as trec_eval does.
 */
public final class RetrievalMetrics {
  private RetrievalMetrics() {}

  public static double reciprocalRank(List<String> ranked, Map<String, Integer> judgments, int k) {
    List<String> top = topUnique(ranked, k);
    for (int i = 0; i < top.size(); i++) {
      if (grade(judgments, top.get(i)) > 0) {
        return 1.0 / (i + 1);
      }
    }
    return 0;
  }

  public static double ndcg(List<String> ranked, Map<String, Integer> judgments, int k) {
    List<String> top = topUnique(ranked, k);
    double dcg = 0;
    for (int i = 0; i < top.size(); i++) {
      dcg += Math.max(0, grade(judgments, top.get(i))) / log2(i + 2);
    }
    List<Integer> ideal = new ArrayList<>();
    for (int g : judgments.values()) {
      if (g > 0) {
        ideal.add(g);
      }
    }
    ideal.sort((a, b) -> Integer.compare(b, a));
    double idcg = 0;
    for (int i = 0; i < Math.min(k, ideal.size()); i++) {
      idcg += ideal.get(i) / log2(i + 2);
    }
    return idcg == 0 ? 0 : dcg / idcg;
  }

  public static double recall(List<String> ranked, Map<String, Integer> judgments, int k) {
    long relevant = judgments.values().stream().filter(g -> g > 0).count();
    if (relevant == 0) {
      return 0;
    }
    long found = topUnique(ranked, k).stream().filter(d -> grade(judgments, d) > 0).count();
    return (double) found / relevant;
  }

  /** Whether {@code judgments} mark at least one document relevant. */
  public static boolean hasRelevant(Map<String, Integer> judgments) {
    return judgments.values().stream().anyMatch(g -> g > 0);
  }

  private static int grade(Map<String, Integer> judgments, String doc) {
    return judgments.getOrDefault(doc, 0);
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private static List<String> topUnique(List<String> ranked, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("cut-off k must be >= 1; found " + k);
    }
    List<String> top = new ArrayList<>(Math.min(k, ranked.size()));
    Set<String> seen = new HashSet<>();
    for (String d : ranked) {
      if (top.size() == k) {
        break;
      }
      if (seen.add(d)) {
        top.add(d);
      }
    }
    return top;
  }

  /** The four measures {@code quiver eval} reports, averaged over the queries that have a relevant document. */
  public static final class Mean {
    private int queries;
    private double mrr10;
    private double ndcg10;
    private double recall10;
    private double recall100;

    /** Adds one query's ranking; a query without any relevant judgment is ignored. */
    public void add(List<String> ranked, Map<String, Integer> judgments) {
      if (!hasRelevant(judgments)) {
        return;
      }
      queries++;
      mrr10 += reciprocalRank(ranked, judgments, 10);
      ndcg10 += ndcg(ranked, judgments, 10);
      recall10 += recall(ranked, judgments, 10);
      recall100 += recall(ranked, judgments, 100);
    }

    public int queries() {
      return queries;
    }

    public double mrr10() {
      return mean(mrr10);
    }

    public double ndcg10() {
      return mean(ndcg10);
    }

    public double recall10() {
      return mean(recall10);
    }

    public double recall100() {
      return mean(recall100);
    }

    private double mean(double sum) {
      return queries == 0 ? 0 : sum / queries;
    }
  }
}
