package dev.quiver.reliability;

import dev.quiver.Hit;
import dev.quiver.Item;
import dev.quiver.Problem;
import dev.quiver.Quiver;
import dev.quiver.QuiverException;
import dev.quiver.SearchRequest;
import dev.quiver.SearchResult;
import dev.quiver.Side;
import dev.quiver.VectorSideState;
import dev.quiver.reliability.MalformedCase.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The malformed-files suite: over a thousand damaged copies of one real store (see {@link BaseStore} and
 * {@link MalformedCases}), each opened through {@link Quiver#open} and classified:
 *
 * <ul>
 *   <li><b>healthy</b>: it opens, {@code verify()} is empty, and every item (id, text, attributes,
 *       timestamp, vector), the count and a few searches are exactly the base store's;
 *   <li><b>corrupt</b>: it opens with the vector side DAMAGED or with problems in {@code verify()}; reads
 *       answer (from the keyword side when DAMAGED, with the true items); {@code repair()} and a rebuild from
 *       the expected items heal it: {@code verify()} empty and the content exact (checked again after
 *       reopening for every fourth corrupt case in CI, every one in long mode);
 *   <li><b>refused</b>: {@code Quiver.open} throws a {@link QuiverException} with one of the case's codes,
 *       and every file in the directory is byte-identical afterwards, with nothing created or removed.
 * </ul>
 *
 * A case fails when its outcome is not one its damage allows, when any check of its outcome fails, when
 * anything throws other than a QuiverException where one is expected, or when it does not finish within
 * its bound ({@code quiver.reliability.caseSeconds}, 120 by default: a hang fails the case and the run goes
 * on with a new worker thread). The worst failure this suite exists for is a store that opens with changed
 * content while {@code verify()} says it is clean.
 *
 * <p>Runs on this 2-core machine, two cases at a time ({@code -Dquiver.reliability.threads}), while other
 * jobs kept its load average at 8 to 11: the CI run, 1,143 cases, took 133 to 140 s (219 s at the heaviest
 * load); the long mode {@code -Dquiver.reliability.long=true}, every header bit and ten times the drawn
 * cases (7,454 cases), took 569 s, about 10 minutes. {@code -Dquiver.reliability.seed=N} draws other cases; {@code
 * -Dquiver.reliability.case=N} runs case N alone, {@code -Dquiver.reliability.family=journal} the cases of
 * the families whose name contains the word, {@code -Dquiver.reliability.verbose=true} prints every
 * case's outcome, and {@code -Dquiver.reliability.log=true} keeps the store's log output, which is silenced
 * otherwise.
 */
class MalformedFilesSuiteTest {
  private static final boolean LONG = Boolean.getBoolean("quiver.reliability.long");
  private static final long SEED = Long.getLong("quiver.reliability.seed", 0x5eed_f11eL);
  private static final Integer ONLY = Integer.getInteger("quiver.reliability.case");
  private static final String FAMILY = System.getProperty("quiver.reliability.family");
  private static final Duration CASE_BOUND = Duration.ofSeconds(Long.getLong("quiver.reliability.caseSeconds",
      120));
  private static final int MIN_CASES = 1_000;
  /** Prints each case's outcome as it finishes. */
  private static final boolean VERBOSE = Boolean.getBoolean("quiver.reliability.verbose");
  /** Cases run side by side, each on its own copy; two on this 2-core machine. */
  private static final int THREADS = Integer.getInteger("quiver.reliability.threads",
      Math.min(2, Runtime.getRuntime().availableProcessors()));
  /** Every how many corrupt cases the healed store is also reopened and checked again (every one in long mode). */
  private static final int REOPEN_EVERY = LONG ? 1 : 4;
  /** Held so the silenced level is not lost with a collected logger. */
  private static final java.util.logging.Logger QUIVER_LOG = java.util.logging.Logger.getLogger("dev.quiver");

  @TempDir Path dir;

  @Test
  void everyMalformedFileOpensHealthyOrCorruptOrIsRefusedAndNeverChangesContentSilently() throws Exception {
    long started = System.nanoTime();
    java.util.logging.Level level = QUIVER_LOG.getLevel();
    if (!Boolean.getBoolean("quiver.reliability.log")) {
      QUIVER_LOG.setLevel(java.util.logging.Level.OFF);
    }
    try {
      run(started);
    } finally {
      QUIVER_LOG.setLevel(level);
    }
  }

  /**
   * Cases run on tmpfs ({@code /dev/shm}) where there is one, else in the JUnit temporary directory, or in
   * {@code -Dquiver.reliability.dir}: the files are as real there (SQLite, locks, FIFOs and {@code chattr}
   * all work), and a case's dozens of fsyncs, which this suite does not test, cost nothing.
   */
  private Path root() throws IOException {
    String configured = System.getProperty("quiver.reliability.dir");
    if (configured != null) {
      return Files.createTempDirectory(Files.createDirectories(Path.of(configured)), "malformed-");
    }
    Path shm = Path.of("/dev/shm");
    if (Files.isDirectory(shm) && Files.isWritable(shm)) {
      return Files.createTempDirectory(shm, "quiver-malformed-");
    }
    return Files.createDirectory(dir.resolve("malformed"));
  }

  private void run(long started) throws Exception {
    Path root = root();
    try {
      run(root, started);
    } finally {
      BaseStore.deleteTree(root);
    }
  }

  private void run(Path root, long started) throws Exception {
    BaseStore base = BaseStore.build(root.resolve("base"));
    List<MalformedCase> cases = MalformedCases.generate(base, SEED, LONG ? 10 : 1);
    if (ONLY == null && FAMILY == null && cases.size() < MIN_CASES) {
      throw new AssertionError("only " + cases.size() + " cases generated; the suite promises " + MIN_CASES);
    }
    List<MalformedCase> selected = ONLY != null ? List.of(cases.get(ONLY))
        : cases.stream().filter(c -> FAMILY == null || c.family().contains(FAMILY)).toList();
    Tally tally = new Tally();
    AtomicInteger next = new AtomicInteger();
    ExecutorService lanes = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> running = new ArrayList<>();
      for (int lane = 0; lane < THREADS; lane++) {
        running.add(lanes.submit(() -> {
          runLane(base, root, selected, next, tally);
          return null;
        }));
      }
      for (Future<?> lane : running) {
        lane.get();
      }
    } finally {
      lanes.shutdownNow();
    }
    Map<Outcome, Integer> counts = tally.counts;
    Map<Outcome, Long> nanos = tally.nanos;
    Map<String, Map<Outcome, Integer>> byFamily = tally.byFamily;
    List<String> failures = tally.failures;
    double seconds = (System.nanoTime() - started) / 1e9;
    String summary = String.format(Locale.ROOT, "malformed files: %d cases in %.1f s (seed %d, %d threads%s): healthy %s, "
        + "corrupt %s, refused %s, failed %d", selected.size(), seconds, SEED, THREADS, LONG ? ", long mode" : "",
        count(counts, nanos, Outcome.HEALTHY), count(counts, nanos, Outcome.CORRUPT),
        count(counts, nanos, Outcome.REFUSED), failures.size());
    System.out.println(summary);
    byFamily.forEach((family, outcomes) -> System.out.printf(Locale.ROOT, "  %-22s %s%n", family, outcomes));
    if (!failures.isEmpty()) {
      failures.forEach(f -> System.out.println("  FAILED " + f));
      throw new AssertionError(summary + "\n" + failures.stream().limit(40).collect(Collectors.joining("\n")));
    }
  }

  /**
   * One lane: takes the next case until none is left, each on a fresh copy of the base store, bounded by
   * its own worker thread.
   */
  private static void runLane(BaseStore base, Path root, List<MalformedCase> cases, AtomicInteger next,
      Tally tally) throws IOException {
    Worker worker = new Worker();
    try {
      for (int i = next.getAndIncrement(); i < cases.size(); i = next.getAndIncrement()) {
        MalformedCase c = cases.get(i);
        Path caseDir = root.resolve("case-" + c.number());
        long caseStarted = System.nanoTime();
        boolean hung = false;
        try {
          base.copyTo(caseDir);
          c.damage().apply(caseDir);
          CaseCheck check = new CaseCheck(base, c, caseDir);
          Outcome outcome = worker.run(check::run);
          tally.add(c, outcome, System.nanoTime() - caseStarted);
          if (VERBOSE) {
            String why = check.detail.length() > 300 ? check.detail.substring(0, 300) + "..." : check.detail;
            System.out.println("  " + outcome + " " + c + ": " + why);
          }
        } catch (Hung e) {
          hung = true;
          tally.fail(c + ": " + e.getMessage());
          worker = new Worker();
        } catch (AssertionError | Exception e) {
          tally.fail(c + ": " + describe(e));
        } finally {
          try {
            c.undo().apply(caseDir);
          } catch (Exception e) {
            tally.fail(c + ": undoing the damage failed: " + describe(e));
          }
          if (!hung) {
            BaseStore.deleteTree(caseDir);
          }
        }
      }
    } finally {
      worker.stop();
    }
  }

  /** What the lanes found, shared between them. */
  private static final class Tally {
    final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
    final Map<Outcome, Long> nanos = new EnumMap<>(Outcome.class);
    final Map<String, Map<Outcome, Integer>> byFamily = new TreeMap<>();
    final List<String> failures = new ArrayList<>();

    synchronized void add(MalformedCase c, Outcome outcome, long elapsed) {
      counts.merge(outcome, 1, Integer::sum);
      nanos.merge(outcome, elapsed, Long::sum);
      byFamily.computeIfAbsent(c.family(), f -> new EnumMap<>(Outcome.class)).merge(outcome, 1, Integer::sum);
    }

    synchronized void fail(String failure) {
      failures.add(failure);
    }
  }

  private static String count(Map<Outcome, Integer> counts, Map<Outcome, Long> nanos, Outcome outcome) {
    int n = counts.getOrDefault(outcome, 0);
    return n == 0 ? "0" : String.format(Locale.ROOT, "%d (%.0f ms each)", n, nanos.get(outcome) / 1e6 / n);
  }

  private static String describe(Throwable e) {
    Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    java.io.StringWriter trace = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(trace));
    String[] lines = trace.toString().split("\n");
    return String.join("\n    ", Arrays.copyOf(lines, Math.min(lines.length, t instanceof AssertionError ? 3
        : 12)));
  }

  /** Opens one damaged copy, classifies it and checks that outcome's invariants. */
  private static final class CaseCheck {
    private final BaseStore base;
    private final MalformedCase c;
    private final Path caseDir;
    private final Path store;
    /** What the outcome was based on, for {@code quiver.reliability.verbose}. */
    volatile String detail = "";

    CaseCheck(BaseStore base, MalformedCase c, Path caseDir) {
      this.base = base;
      this.c = c;
      this.caseDir = caseDir;
      this.store = caseDir.resolve(BaseStore.STORE);
    }

    Outcome run() throws Exception {
      Map<String, String> before = snapshot(caseDir);
      Quiver quiver;
      try {
        quiver = Stores.open(store);
      } catch (QuiverException e) {
        allow(Outcome.REFUSED, "open threw " + e.code() + ": " + e.getMessage());
        check(c.refusals().contains(e.code()), "refused with %s; expected one of %s: %s", e.code(),
            c.refusals(), e.getMessage());
        Map<String, String> after = snapshot(caseDir);
        check(after.equals(before), "refused (%s: %s) but the directory changed: %s", e.code(), e.getMessage(),
            differences(before, after));
        return Outcome.REFUSED;
      } catch (RuntimeException e) {
        throw new AssertionError("open threw " + e + ", not a QuiverException", e);
      }
      try (quiver) {
        List<Problem> problems = quiver.verify();
        VectorSideState side = quiver.status().vectorSide();
        if (c.allowed().contains(Outcome.REPORTED)) {
          allow(Outcome.REPORTED, "opened " + side + " with problems " + problems);
          check(!problems.isEmpty(), "verify says nothing of the damage");
          List<String> differences = contentDifferences(quiver, Map.of());
          check(differences.isEmpty(), "the vector side's content differs: %s", differences);
          return Outcome.REPORTED;
        }
        if (side != VectorSideState.DAMAGED && problems.isEmpty()) {
          List<String> differences = contentDifferences(quiver, base.searches);
          check(differences.isEmpty(), "OPENED WITH CHANGED CONTENT WHILE VERIFY SAYS CLEAN (vector side %s): %s",
              side, differences);
          allow(Outcome.HEALTHY, "opened healthy, content exact");
          return Outcome.HEALTHY;
        }
        allow(Outcome.CORRUPT, "opened " + side + " with problems " + problems);
        readsAnswer(quiver, side);
        quiver.repair();
        quiver.rebuild(base.expectedItems().iterator(), base.expected.size(), null);
        List<Problem> healed = quiver.verify();
        check(healed.isEmpty(), "after repair and rebuild verify says %s", healed);
        check(quiver.status().vectorSide() == VectorSideState.READY, "after rebuild the vector side is %s",
            quiver.status().vectorSide());
        List<String> differences = contentDifferences(quiver, base.rebuiltSearches);
        check(differences.isEmpty(), "after repair and rebuild the content differs: %s", differences);
      }
      if (c.number() % REOPEN_EVERY != 0) {
        return Outcome.CORRUPT;
      }
      try (Quiver reopened = Stores.open(store)) {
        List<Problem> problems = reopened.verify();
        check(problems.isEmpty(), "the healed store reopens with problems %s", problems);
        List<String> differences = contentDifferences(reopened, base.rebuiltSearches);
        check(differences.isEmpty(), "the healed store reopens with other content: %s", differences);
      }
      return Outcome.CORRUPT;
    }

    private void allow(Outcome outcome, String what) {
      detail = what;
      check(c.allowed().contains(outcome), "%s (%s), but this damage allows only %s", outcome, what, c.allowed());
    }

    /** Reads of a store found damaged answer; from the keyword side, which holds the true items, when DAMAGED. */
    private void readsAnswer(Quiver quiver, VectorSideState side) {
      int count = quiver.count();
      for (SearchRequest request : base.searches.keySet()) {
        SearchResult result = quiver.search(request);
        if (side == VectorSideState.DAMAGED) {
          check(result.answered().contains(Side.KEYWORD) || request.mode() == dev.quiver.SearchMode.VECTOR,
              "search %s on a damaged store answered from %s", request, result.answered());
        }
      }
      if (side == VectorSideState.DAMAGED) {
        check(count == base.expected.size(), "the keyword side of a damaged store counts %d items; expected %d",
            count, base.expected.size());
        for (String id : List.of(BaseStore.id(1), BaseStore.id(128), BaseStore.id(250), BaseStore.id(299))) {
          Optional<Item> item = quiver.get(id);
          check(item.equals(Optional.ofNullable(base.expected.get(id))), "the keyword side of a damaged store "
              + "gives %s for %s; expected %s", item, id, base.expected.get(id));
        }
      } else {
        quiver.get(BaseStore.id(1));
      }
    }

    /** Every way the store's content can differ from the base store's; empty when it is exact. */
    private List<String> contentDifferences(Quiver quiver, Map<SearchRequest, List<String>> searches) {
      List<String> out = new ArrayList<>();
      if (quiver.count() != base.expected.size()) {
        out.add("count " + quiver.count() + ", expected " + base.expected.size());
      }
      Map<String, Item> items = new TreeMap<>();
      Map<String, float[]> vectors = new TreeMap<>();
      quiver.forEach((item, vector) -> {
        items.put(item.id(), item);
        vectors.put(item.id(), vector);
      });
      for (Map.Entry<String, Item> e : base.expected.entrySet()) {
        Item found = items.get(e.getKey());
        if (!e.getValue().equals(found)) {
          out.add("item " + e.getKey() + " is " + found + ", expected " + e.getValue());
        } else if (!Arrays.equals(vectors.get(e.getKey()), base.vectors.get(e.getKey()))) {
          out.add("vector of " + e.getKey() + " differs");
        }
        Optional<Item> got = quiver.get(e.getKey());
        if (!got.equals(Optional.of(e.getValue()))) {
          out.add("get(" + e.getKey() + ") gives " + got);
        }
      }
      items.keySet().stream().filter(id -> !base.expected.containsKey(id)).forEach(id -> out.add("unexpected "
          + "item " + items.get(id)));
      for (Map.Entry<SearchRequest, List<String>> e : searches.entrySet()) {
        List<String> ids = quiver.search(e.getKey()).hits().stream().map(Hit::id).toList();
        if (!ids.equals(e.getValue())) {
          out.add("search " + e.getKey() + " gives " + ids + ", expected " + e.getValue());
        }
      }
      return out.size() > 10 ? List.of(out.size() + " differences, the first: " + out.subList(0, 10)) : out;
    }

    private static void check(boolean condition, String format, Object... args) {
      if (!condition) {
        throw new AssertionError(String.format(Locale.ROOT, format, args));
      }
    }
  }

  /**
   * Every entry below {@code root} (not following links), with its kind and, for regular files, the sha256
   * of its bytes. A FIFO is never opened.
   */
  static Map<String, String> snapshot(Path root) throws Exception {
    Map<String, String> out = new TreeMap<>();
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.toList();
    }
    for (Path p : paths) {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      String kind;
      if (a.isSymbolicLink()) {
        kind = "link to " + Files.readSymbolicLink(p);
      } else if (a.isDirectory()) {
        kind = "directory";
      } else if (a.isRegularFile()) {
        kind = "file " + Stores.sha256(p);
      } else {
        kind = "special file";
      }
      out.put(root.relativize(p).toString(), kind);
    }
    return out;
  }

  private static String differences(Map<String, String> before, Map<String, String> after) {
    List<String> out = new ArrayList<>();
    before.forEach((path, kind) -> {
      if (!after.containsKey(path)) {
        out.add("removed " + path);
      } else if (!after.get(path).equals(kind)) {
        out.add("changed " + path);
      }
    });
    after.keySet().stream().filter(path -> !before.containsKey(path)).forEach(path -> out.add("created " + path));
    return out.toString();
  }

  /** A case that did not finish within its bound. */
  private static final class Hung extends Exception {
    private static final long serialVersionUID = 1L;

    Hung(String message) {
      super(message);
    }
  }

  /** One daemon thread running cases; abandoned, with its stack in the failure, when a case hangs. */
  private static final class Worker {
    private final AtomicReference<Thread> thread = new AtomicReference<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "malformed-case");
      t.setDaemon(true);
      thread.set(t);
      return t;
    });

    <T> T run(java.util.concurrent.Callable<T> task) throws Exception {
      Future<T> future = executor.submit(task);
      try {
        return future.get(CASE_BOUND.toSeconds(), TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception cause) {
          throw cause;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw e;
      } catch (TimeoutException e) {
        Thread t = thread.get();
        String stack = t == null ? "" : Arrays.stream(t.getStackTrace()).limit(15).map(String::valueOf)
            .collect(Collectors.joining("\n      at "));
        future.cancel(true);
        executor.shutdownNow();
        throw new Hung("HUNG: no outcome after " + CASE_BOUND.toSeconds() + " s; the case thread is at\n      at "
            + stack);
      }
    }

    void stop() throws IOException {
      executor.shutdownNow();
    }
  }
}
