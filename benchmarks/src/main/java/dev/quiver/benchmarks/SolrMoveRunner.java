package dev.quiver.benchmarks;

import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.QuiverOptions;
import dev.quiver.solr.SolrMove;
import dev.quiver.solr.SolrQuiver;
import dev.quiver.solr.SolrQuiverCollections;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.solr.cloud.MiniSolrCloudCluster;

/**
 * Index throughput of a move into SolrCloud ({@link SolrMove#intoSolr}) and back ({@link SolrMove#fromSolr}):
 * an embedded store of N items with seeded Gaussian unit vectors (384 dimensions; the vectors' meaning does not
 * change what Solr does to index them) moved into a fresh 2-shard × 2-replica collection on a two-node {@link
 * MiniSolrCloudCluster} in this JVM, then back into a fresh store, once per repetition. Prints items/s per run,
 * the median and the spread.
 *
 * <p>Options: {@code --items 2000 --reps 3 --batch 500 --dir benchmarks/target/solr-move --hold-seconds 0}
 * (hold: keep the cluster and the store after the runs, printing the ZooKeeper address, for a manual
 * {@code quiver export --to-solr} against it).
 */
public final class SolrMoveRunner {
  private SolrMoveRunner() {}

  public static void main(String[] args) throws Exception {
    int items = 2_000;
    int reps = 3;
    int batch = SolrMove.DEFAULT_BATCH;
    int hold = 0;
    Path dir = Path.of("benchmarks/target/solr-move");
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--items" -> items = Integer.parseInt(args[i + 1]);
        case "--reps" -> reps = Integer.parseInt(args[i + 1]);
        case "--batch" -> batch = Integer.parseInt(args[i + 1]);
        case "--dir" -> dir = Path.of(args[i + 1]);
        case "--hold-seconds" -> hold = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; expected --items, --reps, "
            + "--batch, --dir or --hold-seconds");
      }
    }
    Path run = Files.createDirectories(dir).resolve("run-" + System.currentTimeMillis());
    Files.createDirectories(run);
    QuiverOptions model = QuiverOptions.builder().modelId("gaussian-384").dimensions(384).build();
    Path sourcePath = run.resolve("source.quiver");
    try (Quiver source = Quiver.open(sourcePath, model)) {
      fill(source, items);
    }
    MiniSolrCloudCluster cluster = new MiniSolrCloudCluster.Builder(2, run.resolve("cluster")).build();
    try {
      double[] into = new double[reps];
      double[] back = new double[reps];
      double[] embedded = new double[reps];
      try (Quiver source = Quiver.open(sourcePath, model)) {
        List<Item> all = new ArrayList<>();
        List<float[]> allVectors = new ArrayList<>();
        source.forEach((item, vector) -> {
          all.add(item);
          allVectors.add(vector);
        });
        for (int r = 0; r < reps; r++) {
          // the baseline, in the same run: the same items and vectors written to a fresh embedded store
          try (Quiver local = Quiver.open(run.resolve("embedded" + r + ".quiver"), model)) {
            long t = System.nanoTime();
            for (int from = 0; from < all.size(); from += batch) {
              int to = Math.min(all.size(), from + batch);
              local.index(all.subList(from, to), allVectors.subList(from, to));
            }
            embedded[r] = all.size() / ((System.nanoTime() - t) / 1e9);
          }
          String collection = "move" + r;
          SolrQuiverCollections.createIfMissing(cluster.getSolrClient(), collection, 2, 2, 384);
          try (SolrQuiver target = SolrQuiver.open(cluster.getSolrClient(), collection, model);
              Quiver copy = Quiver.open(run.resolve("back" + r + ".quiver"), model)) {
            SolrMove move = SolrMove.builder().batchSize(batch).build();
            long t0 = System.nanoTime();
            long written = move.intoSolr(source, target).written();
            long t1 = System.nanoTime();
            long read = move.fromSolr(target, copy).written();
            long t2 = System.nanoTime();
            into[r] = written / ((t1 - t0) / 1e9);
            back[r] = read / ((t2 - t1) / 1e9);
            System.out.printf(Locale.ROOT, "run %d: into Solr %d items in %.2f s (%.0f items/s); back %d items in "
                + "%.2f s (%.0f items/s); embedded store write %.0f items/s%n", r + 1, written, (t1 - t0) / 1e9,
                into[r], read, (t2 - t1) / 1e9, back[r], embedded[r]);
          }
          if (r < reps - 1 || hold == 0) {
            org.apache.solr.client.solrj.request.CollectionAdminRequest.deleteCollection(collection)
                .process(cluster.getSolrClient());
          }
        }
      }
      System.out.printf(Locale.ROOT, "%d items, batch %d, 2 shards x 2 replicas, 2 nodes: into Solr median %.0f "
          + "items/s (min %.0f, max %.0f); back median %.0f items/s (min %.0f, max %.0f); embedded store write median "
          + "%.0f items/s (min %.0f, max %.0f); runs %s / %s / %s%n", items, batch, median(into), min(into),
          max(into), median(back), min(back), max(back), median(embedded), min(embedded), max(embedded),
          rounded(into), rounded(back), rounded(embedded));
      double[] ratio = new double[reps];
      for (int r = 0; r < reps; r++) {
        ratio[r] = into[r] / embedded[r];
      }
      System.out.printf(Locale.ROOT, "into Solr / embedded store write, per run: %s; median %.3f%n",
          Arrays.toString(Arrays.stream(ratio).map(x -> Math.rint(x * 1000) / 1000).toArray()), median(ratio));
      if (hold > 0) {
        System.out.println("holding the cluster for " + hold + " s: ZooKeeper " + cluster.getZkServer().getZkAddress()
            + ", store " + sourcePath);
        System.out.flush();
        Thread.sleep(hold * 1000L);
      }
    } finally {
      cluster.shutdown();
    }
  }

  private static void fill(Quiver store, int items) {
    Random random = new Random(7);
    List<Item> batch = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < items; i++) {
      StringBuilder text = new StringBuilder();
      for (int w = 0; w < 12; w++) {
        text.append(w == 0 ? "" : " ").append("w").append(random.nextInt(5_000));
      }
      batch.add(new Item(String.format(Locale.ROOT, "msg:%06d", i), text.toString(),
          Map.of("room", "r" + (i % 10), "n", (long) i), 1_700_000_000_000L + i));
      float[] v = new float[384];
      double norm = 0;
      for (int d = 0; d < v.length; d++) {
        v[d] = (float) random.nextGaussian();
        norm += v[d] * v[d];
      }
      for (int d = 0; d < v.length; d++) {
        v[d] /= (float) Math.sqrt(norm);
      }
      vectors.add(v);
      if (batch.size() == 1_000 || i == items - 1) {
        store.index(batch, vectors);
        batch = new ArrayList<>();
        vectors = new ArrayList<>();
      }
    }
  }

  private static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  private static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  private static String rounded(double[] values) {
    return Arrays.toString(Arrays.stream(values).map(Math::rint).toArray());
  }
}
