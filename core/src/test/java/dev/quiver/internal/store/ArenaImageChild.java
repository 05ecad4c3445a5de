package dev.quiver.internal.store;

import java.nio.file.Path;

/**
 * Runs in a child JVM for {@link ArenaImageTest}, printing one line per event, until it is killed: {@code change}
 * applies {@link ArenaImageFixtures#change} and waits; {@code reopen} writes an item, closes (writing the image)
 * and reopens, over and over.
 */
public final class ArenaImageChild {
  private ArenaImageChild() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[1]);
    VectorStore store = ArenaImageFixtures.open(file);
    if (args[0].equals("change")) {
      ArenaImageFixtures.change(store, 7);
      System.out.println("changed");
      System.out.flush();
      Thread.sleep(Long.MAX_VALUE);
    }
    System.out.println("opened");
    System.out.flush();
    if (store.count() == 0) {
      ArenaImageFixtures.write(store, "doc", 0, 20_000, 1); // an image large enough to be killed inside
    }
    for (int i = store.count(); ; i++) {
      ArenaImageFixtures.write(store, "loop", i, i + 1, i);
      System.out.println("committed loop:" + i);
      System.out.println("closing");
      System.out.flush();
      store.close();
      store = ArenaImageFixtures.open(file);
    }
  }
}
