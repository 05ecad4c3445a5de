package dev.quiver.reliability;

import dev.quiver.Item;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The operations of the kill loop and the items they write, shared by the child that performs them and the
 * parent that models them. An item's whole content follows from its id and its {@link Spec}, so one line of
 * the child's output says exactly what a call wrote.
 *
 * <p>A line is {@code <number> <kind> <version> <size> <room> <ids>}: ids comma-separated, {@code -} for none.
 */
final class KillLoopOps {
  /** Ids are {@code m0} to {@code m<POOL-1>}: the store never holds more. */
  static final int POOL = 400;
  /** Texts longer than this are written in long words. */
  static final int LONG_TEXT = 10_000;
  private static final String[] WORDS = {"deploy", "rollout", "zeppelin", "hangar", "incident", "pager",
      "latency", "canary", "backup", "restore", "migration", "schema", "release", "hotfix", "outage", "quota"};

  /** Sixteen words of two dozen words each, for long texts. */
  private static final String[] LONG_WORDS = new String[WORDS.length];

  static {
    for (int i = 0; i < LONG_WORDS.length; i++) {
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < 24; j++) {
        b.append(WORDS[(i * 7 + j * 3) % WORDS.length]);
      }
      LONG_WORDS[i] = b.toString();
    }
  }

  private KillLoopOps() {}

  /** What one write gives an item: its version (unique over the whole run), text length and room. */
  record Spec(long version, int size, String room) {}

  enum Kind {
    BATCH, SINGLE, REINDEX, BIG, DELETE, REBUILD, CLEAR;

    boolean upserts() {
      return this == BATCH || this == SINGLE || this == REINDEX || this == BIG;
    }
  }

  record Op(int number, Kind kind, Spec spec, List<String> ids) {
    String describe() {
      return number + " " + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + spec.version() + " "
          + spec.size() + " " + (spec.room() == null ? "-" : spec.room()) + " "
          + (ids.isEmpty() ? "-" : String.join(",", ids));
    }

    /** Parses the six fields of {@link #describe()} at {@code fields[from]}. */
    static Op parse(String[] fields, int from) {
      String room = fields[from + 4].equals("-") ? null : fields[from + 4];
      List<String> ids = fields[from + 5].equals("-") ? List.of() : Arrays.asList(fields[from + 5].split(","));
      return new Op(Integer.parseInt(fields[from]), Kind.valueOf(fields[from + 1].toUpperCase(java.util.Locale.ROOT)),
          new Spec(Long.parseLong(fields[from + 2]), Integer.parseInt(fields[from + 3]), room), List.copyOf(ids));
    }

    /** The state after this operation, given the state before it. */
    void applyTo(Map<String, Spec> state) {
      if (kind.upserts()) {
        ids.forEach(id -> state.put(id, spec));
      } else if (kind == Kind.DELETE) {
        ids.forEach(state::remove);
      } else {
        state.clear();
        if (kind == Kind.REBUILD) {
          ids.forEach(id -> state.put(id, spec));
        }
      }
    }

    /** The items this operation writes, in call order. */
    List<Item> items() {
      List<Item> out = new ArrayList<>(ids.size());
      for (String id : ids) {
        out.add(item(id, spec));
      }
      return out;
    }
  }

  /** A word that occurs in this item version's text only: a keyword search for it finds just that item. */
  static String token(String id, long version) {
    return "k" + id + "x" + version;
  }

  static Item item(String id, Spec spec) {
    return new Item(id, text(id, spec), Map.of("room", spec.room(), "v", Long.toString(spec.version())),
        spec.version());
  }

  /**
   * The text of an item version: its {@link #token}, then words up to {@code size} characters. Long texts
   * are made of sixteen long words (two dozen words run together), so that they cost the WAL their length
   * but the analyzers and the embedder few tokens and terms.
   */
  static String text(String id, Spec spec) {
    StringBuilder b = new StringBuilder(spec.size() + 256).append(token(id, spec.version()));
    SplittableRandom random = new SplittableRandom(id.hashCode() * 0x9E3779B97F4A7C15L ^ spec.version());
    String[] words = spec.size() > LONG_TEXT ? LONG_WORDS : WORDS;
    while (b.length() < spec.size()) {
      b.append(' ').append(words[random.nextInt(words.length)]);
    }
    return b.toString();
  }
}
