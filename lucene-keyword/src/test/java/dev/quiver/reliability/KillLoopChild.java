package dev.quiver.reliability;

import dev.quiver.Item;
import dev.quiver.Quiver;
import dev.quiver.reliability.KillLoopOps.Kind;
import dev.quiver.reliability.KillLoopOps.Op;
import dev.quiver.reliability.KillLoopOps.Spec;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Child JVM of {@link KillLoopSuiteTest}: opens the store and performs a random mix of writes through the
 * facade until it is killed. Arguments: store, seed, first version, profile ({@code mixed}, {@code rebuild}:
 * a rebuild among the first three operations, {@code big}: a batch of long texts, past the WAL checkpoint
 * threshold, among the first three; {@code warmup}: each kind of call once, then a normal exit), and the
 * file the lines are also logged to.
 *
 * <p>Prints {@code open} once the store is open; {@code begin <op>} before each call; {@code ack <op>} only
 * after the call returned (a delete adds whether the item existed); {@code filled <n>} when rebuild
 * {@code n} has written its last batch and goes on to swap the file in. The store is never closed.
 *
 * <p>Each line goes to the log file before stdout, each in one write: the page cache keeps the log whole
 * after a SIGKILL, so the parent can tell a line its pipe lost from one the child never wrote.
 */
public final class KillLoopChild {
  static final int BIG_ITEMS = 140;
  static final int BIG_TEXT = 128 * 1024;
  private static final int MAX_OPS = 10_000;
  private static final FileOutputStream OUT = new FileOutputStream(FileDescriptor.out);
  private static FileChannel log;

  private KillLoopChild() {}

  public static void main(String[] args) throws Exception {
    Path store = Path.of(args[0]);
    Random random = new Random(Long.parseLong(args[1]));
    long version = Long.parseLong(args[2]);
    String profile = args[3];
    log = FileChannel.open(Path.of(args[4]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    if (profile.equals("warmup")) {
      warmUp(store, random, version);
      return;
    }
    int special = profile.equals("mixed") ? -1 : random.nextInt(3);
    Quiver quiver = Stores.open(store);
    say("open");
    for (int n = 0; n < MAX_OPS; n++) {
      Kind kind = n == special ? (profile.equals("big") ? Kind.BIG : Kind.REBUILD) : pick(random);
      Op op = plan(n, kind, version++, random, quiver);
      say("begin " + op.describe());
      String result = perform(op, quiver);
      say("ack " + op.describe() + result);
    }
    say("done");
    Thread.sleep(Long.MAX_VALUE);
  }

  /** Every kind of call once on a scratch store, then a normal exit: what the class archive is dumped from. */
  private static void warmUp(Path store, Random random, long version) {
    try (Quiver quiver = Stores.open(store)) {
      int n = 0;
      for (Kind kind : List.of(Kind.BATCH, Kind.SINGLE, Kind.REINDEX, Kind.DELETE, Kind.REBUILD, Kind.CLEAR,
          Kind.BATCH)) {
        perform(plan(n++, kind, version++, random, quiver), quiver);
      }
    }
  }

  private static Kind pick(Random random) {
    int p = random.nextInt(100);
    if (p < 35) {
      return Kind.BATCH;
    } else if (p < 55) {
      return Kind.SINGLE;
    } else if (p < 75) {
      return Kind.DELETE;
    } else if (p < 90) {
      return Kind.REINDEX;
    } else if (p < 98) {
      return Kind.REBUILD;
    }
    return Kind.CLEAR;
  }

  private static Op plan(int n, Kind kind, long version, Random random, Quiver quiver) {
    String room = random.nextBoolean() ? "ops" : "dev";
    int size = 20 + random.nextInt(600);
    switch (kind) {
      case BATCH:
        return new Op(n, kind, new Spec(version, size, room), ids(random, 1 + random.nextInt(300)));
      case BIG:
        return new Op(n, kind, new Spec(version, BIG_TEXT, room), ids(random, BIG_ITEMS));
      case REBUILD:
        return new Op(n, kind, new Spec(version, size, room), ids(random, 20 + random.nextInt(KillLoopOps.POOL - 20)));
      case SINGLE:
      case DELETE:
        return new Op(n, kind, new Spec(version, size, room), ids(random, 1));
      case REINDEX: {
        // an item that exists, moved to the other room
        String id = ids(random, 1).get(0);
        Optional<Item> now = quiver.get(id);
        String other = now.map(i -> i.attributes().get("room").equals("ops") ? "dev" : "ops").orElse(room);
        return new Op(n, kind, new Spec(version, size, other), List.of(id));
      }
      default:
        return new Op(n, kind, new Spec(version, 0, null), List.of());
    }
  }

  private static List<String> ids(Random random, int count) {
    List<String> all = new ArrayList<>(KillLoopOps.POOL);
    for (int i = 0; i < KillLoopOps.POOL; i++) {
      all.add("m" + i);
    }
    Collections.shuffle(all, random);
    return List.copyOf(all.subList(0, count));
  }

  private static String perform(Op op, Quiver quiver) {
    switch (op.kind()) {
      case BATCH:
      case BIG:
        quiver.index(op.items());
        return "";
      case SINGLE:
      case REINDEX:
        quiver.index(op.items().get(0));
        return "";
      case DELETE:
        return " existed=" + quiver.delete(op.ids().get(0));
      case REBUILD:
        quiver.rebuild(op.items().iterator(), op.ids().size(), (done, total, rate) -> {
          if (done == total) {
            say("filled " + op.number());
          }
        });
        return "";
      case CLEAR:
        quiver.clear();
        return "";
      default:
        throw new AssertionError(op.kind());
    }
  }

  /** One line in one write to the log, then one to stdout, so a line read whole was written whole. */
  private static synchronized void say(String line) {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    try {
      for (ByteBuffer rest = ByteBuffer.wrap(bytes); rest.hasRemaining(); ) {
        log.write(rest);
      }
      OUT.write(bytes);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
