package dev.quiver.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight readers and one writer on one store. The writer moves a fixed set of {@value #MOVING} items between
 * two rooms together: write {@code k} re-indexes all of them, in one {@code index(List)} call, with
 * {@code room = k even ? "ops" : "dev"} and {@code batch = k}; {@value #STATIC} more items stay in a third
 * room. The readers, released through a start gate, search in every mode with a room filter, a time range,
 * or both, and every result must: raise nothing, be answered by both sides (not degraded), hold only hits
 * that satisfy its filter (in a chat server the filter is the access boundary), and show the moving items of
 * one committed write only (one {@code batch} value, whose parity gives their room). A sampler watches the
 * {@code -wal}: the writer's own checkpoints must keep it far below 64 MiB.
 *
 * <p>Default: 30 seconds of load (longer, by at most two minutes, until the writer has checkpointed twice),
 * about 40 seconds with setup. {@code -Dquiver.reliability.long=true}: 10 minutes.
 */
class ReadersAndWriterLoadTest {
  private static final boolean LONG = Boolean.getBoolean("quiver.reliability.long");
  private static final long RUN_NANOS = LONG ? TimeUnit.MINUTES.toNanos(10) : TimeUnit.SECONDS.toNanos(30);
  private static final int READERS = 8;
  private static final int MOVING = 200;
  private static final int STATIC = 100;
  private static final long WAL_BOUND = 64L << 20;
  private static final int TEXT_LENGTH = 16 * 1024;
  /** How much longer the run may last for the writer to checkpoint twice. */
  private static final long EXTRA_NANOS = TimeUnit.MINUTES.toNanos(2);
  private static final String[] WORDS = {"deploy", "rollout", "zeppelin", "hangar", "incident", "pager",
      "latency", "canary", "backup", "restore", "migration", "schema", "release", "hotfix", "outage", "quota"};

  @TempDir Path dir;

  @Test
  void everySearchUnderAWriterMovingItemsBetweenRoomsSeesOnlyItsFilterAndOneCommittedWrite() throws Exception {
    Path store = dir.resolve("chat.quiver");
    Path wal = dir.resolve("chat.quiver-wal");
    Map<SearchMode, LongAdder> searches = new EnumMap<>(SearchMode.class);
    for (SearchMode mode : SearchMode.values()) {
      searches.put(mode, new LongAdder());
    }
    LongAdder hitsChecked = new LongAdder();
    AtomicLong writes = new AtomicLong();
    AtomicLong maxWal = new AtomicLong();
    AtomicLong walShrinks = new AtomicLong();
    Queue<String> failures = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    try (Quiver quiver = Stores.open(store)) {
      List<Item> first = new ArrayList<>(moving(0));
      first.addAll(statics());
      quiver.index(first);

      ExecutorService pool = Executors.newFixedThreadPool(READERS + 2);
      CountDownLatch ready = new CountDownLatch(READERS + 2);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> tasks = new ArrayList<>();
      tasks.add(pool.submit(() -> {
        gate(ready, go);
        for (long k = 1; !stop.get(); k++) {
          quiver.index(moving(k));
          writes.incrementAndGet();
        }
        return null;
      }));
      tasks.add(pool.submit(() -> {
        gate(ready, go);
        long last = 0;
        while (!stop.get()) {
          long size = size(wal);
          maxWal.accumulateAndGet(size, Math::max);
          if (size < last) {
            walShrinks.incrementAndGet(); // a checkpoint truncated it
          }
          last = size;
          Thread.sleep(5);
        }
        return null;
      }));
      for (int r = 0; r < READERS; r++) {
        long seed = 7_919L * (r + 1);
        tasks.add(pool.submit(() -> {
          gate(ready, go);
          SplittableRandom random = new SplittableRandom(seed);
          while (!stop.get() && failures.size() < 20) {
            SearchRequest request = request(random);
            try {
              SearchResult result = quiver.search(request);
              searches.get(request.mode()).increment();
              String problem = problem(request, result);
              if (problem != null) {
                failures.add(problem);
              }
              hitsChecked.add(result.hits().size());
            } catch (RuntimeException e) {
              failures.add(request + " threw " + e);
            }
          }
          return null;
        }));
      }
      assertThat(ready.await(1, TimeUnit.MINUTES)).isTrue();
      long started = System.nanoTime();
      go.countDown();
      // the run lasts its time, and at least until the writer's checkpoints have cut the WAL twice (bounded):
      // on a busy machine eight readers leave the writer little CPU
      while (failures.isEmpty() && (System.nanoTime() - started < RUN_NANOS
          || walShrinks.get() < 2 && System.nanoTime() - started < RUN_NANOS + EXTRA_NANOS)) {
        Thread.sleep(100);
      }
      stop.set(true);
      for (Future<?> task : tasks) {
        task.get(2, TimeUnit.MINUTES); // rethrows what a writer or sampler threw
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
      System.out.printf(Locale.ROOT, "load: %d s, %d readers: searches %s (%d hits checked); %d writes of %d "
          + "items; max WAL %d bytes (%.1f MiB), %d checkpoints seen%n", seconds, READERS, searches,
          hitsChecked.sum(), writes.get(), MOVING, maxWal.get(), maxWal.get() / 1048576.0, walShrinks.get());
      assertThat(failures).as("searches that broke their filter, mixed writes, degraded or threw").isEmpty();
      for (SearchMode mode : SearchMode.values()) {
        assertThat(searches.get(mode).sum()).as(mode.name()).isPositive();
      }
      assertThat(writes.get()).isPositive();
      assertThat(walShrinks.get()).as("checkpoints seen").isPositive();
      assertThat(maxWal.get()).as("largest -wal seen").isLessThan(WAL_BOUND);
      assertThat(quiver.verify()).isEmpty();
    }
  }

  private static void gate(CountDownLatch ready, CountDownLatch go) throws InterruptedException {
    ready.countDown();
    go.await();
  }

  /** Write {@code k}: every moving item, in the room of that write's parity, carrying the write's number. */
  private static List<Item> moving(long k) {
    List<Item> items = new ArrayList<>(MOVING);
    for (int i = 0; i < MOVING; i++) {
      items.add(new Item("move:" + i, text("moving item " + i, i), Map.of("room", k % 2 == 0 ? "ops" : "dev",
          "batch", Long.toString(k)), 10_000L + 10L * i));
    }
    return items;
  }

  private static List<Item> statics() {
    List<Item> items = new ArrayList<>(STATIC);
    for (int i = 0; i < STATIC; i++) {
      items.add(new Item("static:" + i, text("static item " + i, 1_000 + i), Map.of("room", "lobby",
          "batch", "static"), 10_005L + 20L * i));
    }
    return items;
  }

  /**
   * About 16 KB: forty words of the shared vocabulary, then long words (a dozen run together), so that each
   * write adds megabytes to the WAL for little analysis, and the WAL passes the checkpoint threshold every
   * few writes even while eight readers keep the CPUs busy.
   */
  private static String text(String head, int seed) {
    SplittableRandom random = new SplittableRandom(seed);
    StringBuilder b = new StringBuilder(TEXT_LENGTH + 128).append(head);
    for (int i = 0; i < 40; i++) {
      b.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
    }
    while (b.length() < TEXT_LENGTH) {
      b.append(' ');
      int first = random.nextInt(WORDS.length);
      for (int i = 0; i < 12; i++) {
        b.append(WORDS[(first + 5 * i) % WORDS.length]);
      }
    }
    return b.toString();
  }

  private static SearchRequest request(SplittableRandom random) {
    StringBuilder text = new StringBuilder(WORDS[random.nextInt(WORDS.length)]);
    for (int i = random.nextInt(3); i > 0; i--) {
      text.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
    }
    String room = random.nextBoolean() ? "ops" : "dev";
    long from = 10_000L + random.nextInt(2_000);
    Filter range = Filter.timeRange(from, from + random.nextInt(1_000));
    Filter filter;
    switch (random.nextInt(4)) {
      case 0:
      case 1:
        filter = Filter.eq("room", room);
        break;
      case 2:
        filter = Filter.and(Filter.eq("room", room), range);
        break;
      default:
        filter = range;
        break;
    }
    SearchMode mode = SearchMode.values()[random.nextInt(SearchMode.values().length)];
    return SearchRequest.of(text.toString()).mode(mode).filter(filter).limit(10 + random.nextInt(51))
        .includeText(false);
  }

  /** What is wrong with {@code result}, or null. */
  private static String problem(SearchRequest request, SearchResult result) {
    if (result.degraded()) {
      return request + " was degraded: " + result.degradations();
    }
    Set<String> batches = new HashSet<>();
    for (Hit hit : result.hits()) {
      if (!matches(request.filter(), hit)) {
        return request + " returned " + hit.id() + " " + hit.attributes() + " ts=" + hit.timestamp()
            + ", outside its filter";
      }
      if (hit.id().startsWith("move:")) {
        String batch = (String) hit.attributes().get("batch");
        String room = Long.parseLong(batch) % 2 == 0 ? "ops" : "dev";
        if (!room.equals(hit.attributes().get("room"))) {
          return request + " returned " + hit.id() + " " + hit.attributes() + ": not as write " + batch
              + " left it";
        }
        batches.add(batch);
      }
    }
    if (batches.size() > 1) {
      return request + " mixed the moving items of writes " + batches;
    }
    return null;
  }

  /** The filters {@link #request} builds, evaluated on what a hit carries. */
  private static boolean matches(Filter filter, Hit hit) {
    if (filter instanceof Filter.Eq eq) {
      return eq.value().equals(hit.attributes().get(eq.key()));
    } else if (filter instanceof Filter.TimeRange range) {
      return hit.timestamp() != null && hit.timestamp() >= range.fromInclusive()
          && hit.timestamp() < range.toExclusive();
    } else if (filter instanceof Filter.And and) {
      return and.filters().stream().allMatch(f -> matches(f, hit));
    }
    throw new AssertionError("not built by request(): " + filter);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException absent) {
      return 0;
    }
  }
}
