package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import dev.quiver.Item;
import dev.quiver.Metric;
import java.nio.file.Path;

/** Runs in a child JVM for the crash and ownership tests. Prints one line per event, then waits to be killed. */
public final class ChildStoreProcess {
  private ChildStoreProcess() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[1]);
    VectorStore store = VectorStore.open(file, StoreOptions.of(3, Metric.COSINE));
    System.out.println("opened");
    System.out.flush();
    if (args[0].equals("write")) {
      // each id is printed only after upsert returned: the parent kills us at an arbitrary point
      for (int i = 0; ; i++) {
        store.upsert(Item.of("msg:" + i, "message " + i), new float[] {1, i, 0});
        System.out.println("committed msg:" + i);
        System.out.flush();
      }
    }
    Thread.sleep(Long.MAX_VALUE);
  }
}
