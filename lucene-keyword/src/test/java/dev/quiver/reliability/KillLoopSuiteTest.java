package dev.quiver.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.Filter;
import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.KeywordSideState;
import dev.quiver.Quiver;
import dev.quiver.SearchMode;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.VectorSideState;
import dev.quiver.reliability.KillLoopOps.Kind;
import dev.quiver.reliability.KillLoopOps.Op;
import dev.quiver.reliability.KillLoopOps.Spec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 through the facade, on both sides: each round starts a child JVM ({@link KillLoopChild}) on the
 * same store, lets it write a seeded random mix (batches of 1 to 300 items, single items, deletes, items
 * moved to the other room, rebuilds from the child's own source list, clears, and batches of long texts
 * that take the WAL past the writer's 16 MiB checkpoint threshold), and SIGKILLs it
 * ({@link ProcessHandle#destroyForcibly()}) at a random point: after a number of acknowledged calls, after a
 * delay, or aimed at a rebuild (filling its file, or swapping it in) or at a large batch (writing, past the
 * checkpoint threshold, checkpointing).
 *
 * <p>The parent models the store from acknowledged calls only. After each kill it opens the store itself
 * (so the lock can be taken again) and requires: {@code verify()} empty (integrity, checksums, both sides
 * holding the same items with the same text, attributes and timestamp), nothing restored (a kill loses no
 * committed change, so the keyword index is never ahead), every acknowledged write present with its last
 * acknowledged version and every acknowledged delete absent, the call in flight at the kill wholly there or
 * wholly absent, the keyword side holding as many items as the vector side, and keyword searches for a few
 * items' unique words returning them, with their text, only under their own room.
 *
 * <p>A child spends most of its short life starting, so two stores are killed side by side, and children
 * start from a shared class archive ({@link ChildJvm}).
 *
 * <p>Default: 200 rounds, about 4.5 minutes on a 2-core machine (270 s with a load average of 8 from other
 * work). {@code -Dquiver.reliability.long=true}: 2,000 rounds, about 36 minutes (2,177 s measured). {@code
 * -Dquiver.reliability.rounds=N} sets the count, {@code -Dquiver.reliability.lanes=N} the stores side by
 * side, {@code -Dquiver.reliability.seed=S} replays a run's choices (the kill moments depend on timing too).
 */
class KillLoopSuiteTest {
  private static final boolean LONG = Boolean.getBoolean("quiver.reliability.long");
  private static final int ROUNDS = Integer.getInteger("quiver.reliability.rounds", LONG ? 2_000 : 200);
  /** Stores killed side by side, each by a round of its own: a child spends most of its life starting. */
  private static final int LANES = Integer.getInteger("quiver.reliability.lanes", 2);
  private static final long CHECKPOINT_BYTES = 16L << 20;
  /** A child that has not been killed by then has finished its operations; it is killed idle. */
  private static final long ROUND_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(60);
  /** Quick to start (C1 only, one GC thread): a child lives a second or two. */
  private static final List<String> CHILD_JVM = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
      "-XX:-UsePerfData", "-Xmx768m");

  @TempDir Path dir;
  private ChildJvm children;

  /** What was in flight when the child died, as far as its output and its files tell. */
  enum Phase {
    OPENING("opening the store"),
    BETWEEN("between calls"),
    BATCH("index(batch)"),
    SINGLE("index(item)"),
    REINDEX("index(item) moving it to the other room"),
    DELETE("delete"),
    CLEAR("clear"),
    REBUILD_FILL("rebuild, filling the -rebuild file"),
    REBUILD_SWAP("rebuild, swapping the file in and rebuilding keywords"),
    BIG_WRITING("large batch, WAL below 16 MiB (embedding, writing)"),
    BIG_PAST_THRESHOLD("large batch, WAL past 16 MiB, file untouched (commit, checkpoint about to start)"),
    BIG_CHECKPOINT("large batch, WAL past 16 MiB, file written (checkpoint running)"),
    BIG_AFTER_CHECKPOINT("large batch, WAL checkpointed and truncated (keyword apply)");

    final String description;

    Phase(String description) {
      this.description = description;
    }
  }

  /** The moment a round aims its kill at; the kill comes a random delay, up to the maximum, after it. */
  enum Aim {
    /** After a number of acknowledged calls (no delay). */
    ACKS(0),
    /** After the child started: often while it opens the store. */
    START(2_500),
    /** After the store opened. */
    OPEN(600),
    /** After a rebuild began: while it fills its file. */
    REBUILD_BEGIN(250),
    /** After a rebuild wrote its last batch: while it swaps the file in and rebuilds the keyword index. */
    FILLED(200),
    /** After a large batch began: embedding, writing, committing, checkpointing, applying keywords. */
    BIG_BEGIN(3_000),
    /** After a large batch took the WAL past 16 MiB: its commit and checkpoint. */
    WAL_PAST(200),
    /** After the checkpoint began writing the file itself, which it does for a short while. */
    CHECKPOINT(30),
    /** After a large batch was acknowledged: it must survive what follows. */
    ACKED_BIG(500);

    final int maxDelayMillis;

    Aim(int maxDelayMillis) {
      this.maxDelayMillis = maxDelayMillis;
    }
  }

  @Test
  void everyAcknowledgedWriteSurvivesSigkillAndTheCallInFlightIsWhollyThereOrWhollyAbsent() throws Exception {
    long baseSeed = Long.getLong("quiver.reliability.seed", System.nanoTime());
    System.out.printf(Locale.ROOT, "kill loop: %d rounds on %d stores side by side, base seed %d%n", ROUNDS, LANES,
        baseSeed);
    Totals totals = new Totals();
    Path warmup = Files.createDirectories(dir.resolve("warmup")).resolve("chat.quiver");
    children = ChildJvm.prepare(dir, CHILD_JVM, KillLoopChild.class, warmup.toString(), "1", "100", "warmup",
        warmup.resolveSibling("warmup.log").toString());
    System.out.printf(Locale.ROOT, "children start with %s, prepared in %d ms%n", children.how(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - totals.started));
    ExecutorService lanes = Executors.newFixedThreadPool(LANES);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int lane = 0; lane < LANES; lane++) {
        int first = lane;
        running.add(lanes.submit(() -> {
          try {
            lane(first, baseSeed, totals);
          } catch (Throwable t) {
            totals.failed = true; // the other lanes stop after their round
            throw t;
          }
          return null;
        }));
      }
      for (Future<?> lane : running) {
        try {
          lane.get();
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Error error ? error : new AssertionError(e.getCause());
        }
      }
    } finally {
      totals.failed = true; // set in any case: a lane still running stops after its round
      lanes.shutdown();
      assertThat(lanes.awaitTermination(5, TimeUnit.MINUTES)).isTrue();
    }
    long elapsed = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - totals.started);
    System.out.printf(Locale.ROOT, "kill loop totals: %d rounds, %d acknowledged operations %s, %d rounds took "
        + "the WAL past 16 MiB, %d s%n", totals.rounds, totals.acks, totals.acknowledged, totals.walPastThreshold,
        elapsed);
    for (Map.Entry<Phase, int[]> e : totals.kills.entrySet()) {
      System.out.printf(Locale.ROOT, "  killed during %-70s %4d (in-flight call landed in %d)%n",
          e.getKey().description + ":", e.getValue()[0], e.getValue()[1]);
    }
    assertThat(totals.rounds).isEqualTo(ROUNDS);
    if (ROUNDS >= 200) {
      // the loop must have reached what it is for, whatever the machine's timing
      assertThat(totals.count(Phase.REBUILD_FILL) + totals.count(Phase.REBUILD_SWAP)).isPositive();
      assertThat(totals.count(Phase.BIG_PAST_THRESHOLD) + totals.count(Phase.BIG_CHECKPOINT)
          + totals.count(Phase.BIG_AFTER_CHECKPOINT)).isPositive();
    }
  }

  /** Rounds {@code lane}, {@code lane + LANES}, ... on a store of the lane's own. */
  private void lane(int lane, long baseSeed, Totals totals) throws Exception {
    Path store = Files.createDirectories(dir.resolve("lane-" + lane)).resolve("chat.quiver");
    Map<String, Spec> expected = new TreeMap<>();
    Map<String, long[]> texts = new HashMap<>();
    for (int round = lane; round < ROUNDS && !totals.failed; round += LANES) {
      long seed = baseSeed * 0x9E3779B97F4A7C15L + round;
      long roundStart = System.nanoTime();
      Round r = new Round(round, baseSeed, seed, store, expected);
      r.run();
      long killed = System.nanoTime();
      boolean landed = r.check(texts);
      long checkMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
      expected = landed ? r.after() : r.acked;
      int acks = totals.add(r, landed);
      System.out.printf(Locale.ROOT, "round %d seed=%d profile=%s kill=%s phase=%s acks=%d in-flight=%s "
          + "items=%d (%d ms: open %d, check %d)%n", round, seed, r.profile, r.kill(), r.phase.name(), acks,
          r.inFlight == null ? "none" : landed ? "landed" : "absent", expected.size(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - roundStart), r.openMillis, checkMillis);
    }
  }

  /** What all lanes did, for the summary. */
  private static final class Totals {
    final long started = System.nanoTime();
    final Map<Phase, int[]> kills = new EnumMap<>(Phase.class); // per phase: {kills, in flight landed}
    final Map<Kind, Integer> acknowledged = new EnumMap<>(Kind.class);
    int rounds;
    int acks;
    int walPastThreshold;
    volatile boolean failed;

    synchronized int add(Round r, boolean landed) {
      rounds++;
      kills.computeIfAbsent(r.phase, p -> new int[2])[0]++;
      if (landed) {
        kills.get(r.phase)[1]++;
      }
      r.acks.forEach((kind, n) -> acknowledged.merge(kind, n, Integer::sum));
      int n = r.acks.values().stream().mapToInt(Integer::intValue).sum();
      acks += n;
      if (r.walWasPastThreshold) {
        walPastThreshold++;
      }

      return n;
    }

    synchronized int count(Phase phase) {
      return kills.getOrDefault(phase, new int[2])[0];
    }
  }

  /** One child's life: its profile, when to kill it, what it acknowledged, and the checks after. */
  private final class Round {
    final int number;
    final long baseSeed;
    final long seed;
    final Path store;
    final Random random;
    final String profile;
    final Aim aim;
    final long delayNanos;
    /** The model after every acknowledged call. */
    final Map<String, Spec> acked;
    final Map<Kind, Integer> acks = new EnumMap<>(Kind.class);
    final Deque<String> lastLines = new ArrayDeque<>();
    /** Every line accepted, in order: from the pipe, then any the log file adds. */
    final List<String> accepted = new ArrayList<>();
    boolean opened;
    long openMillis = -1;
    long childStart;
    Op inFlight;
    boolean filled;
    boolean walWasPastThreshold;
    Phase phase;
    // the kill: at a count of acknowledged calls, or at a deadline set when the aimed moment is reached
    int killAfterAcks = Integer.MAX_VALUE;
    long deadline = Long.MAX_VALUE;
    FileTime fileTimeAtBigBegin;
    long fileSizeAtBigBegin;

    Round(int number, long baseSeed, long seed, Path store, Map<String, Spec> expected) {
      this.number = number;
      this.baseSeed = baseSeed;
      this.seed = seed;
      this.store = store;
      this.random = new Random(seed ^ 0x5DEECE66DL);
      this.acked = new TreeMap<>(expected);
      int p = random.nextInt(100);
      profile = p < 65 ? "mixed" : p < 90 ? "rebuild" : "big";
      int q = random.nextInt(100);
      if (profile.equals("mixed")) {
        aim = q < 50 ? Aim.ACKS : q < 90 ? Aim.OPEN : Aim.START;
      } else if (profile.equals("rebuild")) {
        aim = q < 50 ? Aim.REBUILD_BEGIN : Aim.FILLED;
      } else {
        aim = q < 35 ? Aim.WAL_PAST : q < 70 ? Aim.CHECKPOINT : q < 85 ? Aim.BIG_BEGIN : Aim.ACKED_BIG;
      }
      if (aim == Aim.ACKS) {
        killAfterAcks = random.nextInt(11);
      }
      delayNanos = TimeUnit.MILLISECONDS.toNanos(random.nextInt(aim.maxDelayMillis + 1));
    }

    /** The kill, for the log: what it waited for and how long after. */
    String kill() {
      return aim == Aim.ACKS ? killAfterAcks + "-acks"
          : aim.name().toLowerCase(Locale.ROOT) + "+" + TimeUnit.NANOSECONDS.toMillis(delayNanos) + "ms";
    }

    /** The child reached {@code moment}: when it is this round's aim, the kill comes after its delay. */
    private void reached(Aim moment, long now) {
      if (aim == moment && deadline == Long.MAX_VALUE) {
        deadline = now + delayNanos;
      }
    }

    Map<String, Spec> after() {
      Map<String, Spec> after = new TreeMap<>(acked);
      inFlight.applyTo(after);
      return after;
    }

    void run() throws Exception {
      Path stderr = dir.resolve("child-" + number + ".err");
      Path log = dir.resolve("child-" + number + ".log");
      long firstVersion = (number + 1L) * 100_000L; // above any version an earlier round could write
      Process child = children.start(stderr, KillLoopChild.class, store.toString(), Long.toString(seed),
          Long.toString(firstVersion), profile, log.toString());
      long start = System.nanoTime();
      childStart = start;
      reached(Aim.START, start);
      ChildLines lines = new ChildLines(child.getInputStream());
      try {
        while (true) {
          String line = lines.poll(2, TimeUnit.MILLISECONDS);
          if (line == ChildLines.END) {
            throw new AssertionError(context("the child exited by itself (" + child.waitFor() + "): "
                + Files.readString(stderr, StandardCharsets.UTF_8)));
          }
          long now = System.nanoTime();
          if (line != null) {
            accept(line, now);
          }
          if (inFlight != null && inFlight.kind() == Kind.BIG && walBytes() >= CHECKPOINT_BYTES) {
            walWasPastThreshold = true;
            reached(Aim.WAL_PAST, now);
            if (aim == Aim.CHECKPOINT && fileWrittenSinceBigBegin()) {
              reached(Aim.CHECKPOINT, now);
            }
          }
          if (acks.values().stream().mapToInt(Integer::intValue).sum() >= killAfterAcks || now >= deadline
              || now - start > ROUND_LIMIT_NANOS) {
            break;
          }
        }
      } finally {
        // SIGKILL on Linux: no shutdown hook, nothing closed or flushed. Through the handle, not
        // Process.destroyForcibly(), which also closes our end of the child's stdout: lines the reader had not
        // yet taken from the pipe were lost, and a call that landed looked as if it had never begun
        child.toHandle().destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("killed child exits").isTrue();
      }
      // lines the child printed before it died are acknowledgements as good as the ones already read
      lines.awaitEnd(30, TimeUnit.SECONDS);
      for (String line; (line = lines.poll(0, TimeUnit.MILLISECONDS)) != ChildLines.END; ) {
        accept(line, System.nanoTime());
      }
      acceptLogged(log);
      phase = classify();
      Files.deleteIfExists(stderr);
      Files.deleteIfExists(log);
    }

    /**
     * The child's log holds every line the pipe delivered, in order, and at most one more: the kill can come
     * between its two writes of a line. That one is accepted too; more would mean the pipe lost lines.
     */
    private void acceptLogged(Path log) throws IOException {
      // a child killed while starting may not have opened its log yet
      List<String> logged = Files.exists(log) ? ChildLines.wholeLines(Files.readAllBytes(log)) : List.of();
      assertThat(logged.subList(0, Math.min(accepted.size(), logged.size()))).as(context("the child's log"))
          .isEqualTo(accepted);
      List<String> extra = List.copyOf(logged.subList(accepted.size(), logged.size()));
      assertThat(extra).as(context("lines the child logged that its stdout did not deliver")).hasSizeLessThan(2);
      for (String line : extra) {
        accept(line, System.nanoTime());
      }
    }

    private void accept(String line, long now) {
      accepted.add(line);
      lastLines.addLast(line.length() > 160 ? line.substring(0, 160) + "..." : line);
      if (lastLines.size() > 6) {
        lastLines.removeFirst();
      }
      String[] fields = line.split(" ");
      switch (fields[0]) {
        case "open":
          opened = true;
          openMillis = TimeUnit.NANOSECONDS.toMillis(now - childStart);
          reached(Aim.OPEN, now);
          break;
        case "begin":
          inFlight = Op.parse(fields, 1);
          filled = false;
          if (inFlight.kind() == Kind.REBUILD) {
            reached(Aim.REBUILD_BEGIN, now);
          } else if (inFlight.kind() == Kind.BIG) {
            reached(Aim.BIG_BEGIN, now);
          }
          if (inFlight.kind() == Kind.BIG) {
            fileTimeAtBigBegin = modified(store);
            fileSizeAtBigBegin = size(store);
          }
          break;
        case "filled":
          assertThat(inFlight).as(context("filled outside its rebuild")).isNotNull();
          assertThat(Integer.parseInt(fields[1])).as(context("filled")).isEqualTo(inFlight.number());
          filled = true;
          reached(Aim.FILLED, now);
          break;
        case "ack": {
          Op op = Op.parse(fields, 1);
          assertThat(inFlight).as(context("ack without begin")).isNotNull();
          assertThat(op.number()).as(context("ack of the call in flight")).isEqualTo(inFlight.number());
          if (op.kind() == Kind.DELETE) {
            // the store's answer agrees with the model of acknowledged calls
            assertThat(fields[7]).as(context("delete of " + op.ids()))
                .isEqualTo("existed=" + acked.containsKey(op.ids().get(0)));
          }
          op.applyTo(acked);
          acks.merge(op.kind(), 1, Integer::sum);
          inFlight = null;
          if (op.kind() == Kind.BIG && aim == Aim.ACKED_BIG) {
            reached(Aim.ACKED_BIG, now);
          } else if (op.kind() == Kind.REBUILD && profile.equals("rebuild")
              || op.kind() == Kind.BIG && profile.equals("big")) {
            deadline = Math.min(deadline, now); // the aimed call finished before its kill came: kill at once
          }
          break;
        }
        case "done":
          break;
        default:
          throw new AssertionError(context("unexpected line from the child: " + line));
      }
    }

    private Phase classify() {
      if (!opened) {
        return Phase.OPENING;
      }
      if (inFlight == null) {
        return Phase.BETWEEN;
      }
      switch (inFlight.kind()) {
        case BATCH:
          return Phase.BATCH;
        case SINGLE:
          return Phase.SINGLE;
        case REINDEX:
          return Phase.REINDEX;
        case DELETE:
          return Phase.DELETE;
        case CLEAR:
          return Phase.CLEAR;
        case REBUILD:
          return filled ? Phase.REBUILD_SWAP : Phase.REBUILD_FILL;
        case BIG: {
          if (walBytes() >= CHECKPOINT_BYTES) {
            walWasPastThreshold = true;
            return fileWrittenSinceBigBegin() ? Phase.BIG_CHECKPOINT : Phase.BIG_PAST_THRESHOLD;
          }
          return walWasPastThreshold ? Phase.BIG_AFTER_CHECKPOINT : Phase.BIG_WRITING;
        }
        default:
          throw new AssertionError(inFlight.kind());
      }
    }

    /**
     * Opens the store and checks it against the model; returns whether the call in flight landed.
     *
     * @param texts per id, the version, length and hash of its expected text: long texts are made once
     */
    boolean check(Map<String, long[]> texts) {
      try (Quiver quiver = Stores.open(store)) {
        assertThat(quiver.verify()).as(context("verify")).isEmpty();
        Quiver.Status status = quiver.status();
        assertThat(status.vectorSide()).as(context("vector side")).isIn(VectorSideState.READY,
            VectorSideState.EMPTY);
        assertThat(status.keywordSide()).as(context("keyword side")).isEqualTo(KeywordSideState.READY);
        // a kill loses no committed change: the keyword index is never ahead, so nothing is ever restored
        assertThat(status.notices()).as(context("notices")).isEmpty();
        assertThat(status.lostCommits()).as(context("lost commits")).isZero();
        Map<String, Item> observed = new TreeMap<>();
        quiver.forEach((item, vector) -> observed.put(item.id(), item));
        List<String> fromAcked = differences(observed, acked, texts);
        boolean landed = false;
        if (!fromAcked.isEmpty()) {
          List<String> fromAfter = inFlight == null ? List.of("no call was in flight")
              : differences(observed, after(), texts);
          assertThat(fromAfter).as(context("the store differs from the acknowledged state (" + fromAcked
              + ") and from that state with the call in flight applied")).isEmpty();
          landed = true;
        }
        assertThat(quiver.count()).as(context("count")).isEqualTo(observed.size());
        assertThat(status.keywordItems()).as(context("keyword items")).isEqualTo(observed.size());
        spotCheckKeywords(quiver, observed);
        return landed;
      }
    }

    /** A few items' unique words find them by keyword, with their text, and never under the other room. */
    private void spotCheckKeywords(Quiver quiver, Map<String, Item> observed) {
      List<String> ids = new ArrayList<>(observed.keySet());
      for (int i = 0; i < 3 && !ids.isEmpty(); i++) {
        Item item = observed.get(ids.get(random.nextInt(ids.size())));
        String room = (String) item.attributes().get("room");
        String word = KillLoopOps.token(item.id(), item.timestamp());
        SearchResult own = quiver.search(SearchRequest.of(word).mode(SearchMode.KEYWORD).limit(5)
            .filter(Filter.eq("room", room)));
        assertThat(own.degraded()).as(context("keyword search for " + word)).isFalse();
        assertThat(own.hits()).as(context("keyword search for " + word)).extracting(Hit::id)
            .containsExactly(item.id());
        assertThat(own.hits().get(0).text()).as(context("keyword copy of " + item.id()))
            .isEqualTo(item.text());
        SearchResult other = quiver.search(SearchRequest.of(word).mode(SearchMode.KEYWORD).limit(5)
            .filter(Filter.eq("room", room.equals("ops") ? "dev" : "ops")));
        assertThat(other.hits()).as(context("other room's search for " + word)).isEmpty();
      }
    }

    private List<String> differences(Map<String, Item> observed, Map<String, Spec> model,
        Map<String, long[]> texts) {
      List<String> out = new ArrayList<>();
      for (Map.Entry<String, Spec> e : model.entrySet()) {
        Item item = observed.get(e.getKey());
        Spec spec = e.getValue();
        if (item == null) {
          out.add(e.getKey() + " missing (expected version " + spec.version() + ")");
        } else if (!item.attributes().equals(Map.of("room", spec.room(), "v", Long.toString(spec.version())))
            || !Objects.equals(item.timestamp(), spec.version()) || !textMatches(item, spec, texts)) {
          out.add(e.getKey() + " is " + item.attributes() + " ts=" + item.timestamp() + " (expected version "
              + spec.version() + " in " + spec.room() + ")");
        }
      }
      for (String id : observed.keySet()) {
        if (!model.containsKey(id)) {
          out.add(id + " present (" + observed.get(id).attributes() + "), expected absent");
        }
      }
      return out.size() > 8 ? List.copyOf(out.subList(0, 8)) : out;
    }

    private boolean textMatches(Item item, Spec spec, Map<String, long[]> texts) {
      long[] known = texts.get(item.id());
      if (known == null || known[0] != spec.version()) {
        String text = KillLoopOps.text(item.id(), spec);
        known = new long[] {spec.version(), text.length(), text.hashCode()};
        texts.put(item.id(), known);
      }
      return item.text() != null && item.text().length() == known[1] && item.text().hashCode() == known[2];
    }

    /** Whether the file itself changed since the large batch began: under WAL only a checkpoint writes it. */
    private boolean fileWrittenSinceBigBegin() {
      return !Objects.equals(modified(store), fileTimeAtBigBegin) || size(store) != fileSizeAtBigBegin;
    }

    private long walBytes() {
      return size(store.resolveSibling(store.getFileName() + "-wal"));
    }

    private String context(String what) {
      return String.format(Locale.ROOT, "round %d (base seed %d) seed %d profile %s kill %s phase %s in flight "
          + "%s; last lines %s: %s", number, baseSeed, seed, profile, kill(), phase, inFlight == null ? "none"
          : inFlight.number() + " " + inFlight.kind(), lastLines, what);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException absent) {
      return 0;
    }
  }

  private static FileTime modified(Path file) {
    try {
      return Files.getLastModifiedTime(file);
    } catch (IOException absent) {
      return null;
    }
  }
}
