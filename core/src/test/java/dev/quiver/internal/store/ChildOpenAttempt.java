package dev.quiver.internal.store;

import dev.quiver.internal.storefile.StoreOptions;
import dev.quiver.Metric;
import dev.quiver.QuiverException;
import java.nio.file.Path;

/**
 * Runs in a child JVM: tries once to open the store at {@code args[0]}, prints {@code opened} or
 * {@code refused <code> <message>} on one line, and exits.
 */
public final class ChildOpenAttempt {
  private ChildOpenAttempt() {}

  public static void main(String[] args) {
    try (VectorStore store = VectorStore.open(Path.of(args[0]), StoreOptions.of(3, Metric.COSINE))) {
      System.out.println("opened " + store.count());
    } catch (QuiverException e) {
      System.out.println("refused " + e.code() + " " + e.getMessage().replace('\n', ' '));
    }
    System.out.flush();
  }
}
