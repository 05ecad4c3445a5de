package dev.quiver.reliability;

import dev.quiver.Quiver;
import java.nio.file.Path;

/**
 * Child JVM: indexes {@code n} messages, deletes the last {@code d} one by one, prints "acknowledged" and
 * waits to be killed, so the vector file's WAL is left as a crash leaves it.
 */
public final class WriteAndHang {
  private WriteAndHang() {}

  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[1]);
    int d = Integer.parseInt(args[2]);
    Quiver quiver = Stores.open(Path.of(args[0]));
    quiver.index(Stores.messages(n));
    for (int i = n - d; i < n; i++) {
      quiver.delete("msg:" + i);
    }
    System.out.println("acknowledged");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
