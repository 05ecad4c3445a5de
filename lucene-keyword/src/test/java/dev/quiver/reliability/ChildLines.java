package dev.quiver.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child's stdout, read on a thread of its own into whole lines. Only lines ended by a newline count: the
 * last bytes of a child killed while printing are not a line, and are dropped.
 */
final class ChildLines {
  /** Returned by {@link #poll} once the child's stdout is closed: the child is gone. */
  static final String END = new String("end of output");

  private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
  private final Thread reader;

  ChildLines(InputStream in) {
    reader = new Thread(() -> read(in), "child-lines");
    reader.setDaemon(true);
    reader.start();
  }

  private void read(InputStream in) {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            queue.add(line.toString(StandardCharsets.UTF_8));
            line.reset();
          } else {
            line.write(buffer[i]);
          }
        }
      }
    } catch (IOException e) {
      // the pipe broke with the child: what arrived whole is kept
    } finally {
      queue.add(END);
    }
  }

  /** The whole lines of {@code bytes}: a last line without its newline was cut short, and is dropped. */
  static List<String> wholeLines(byte[] bytes) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    return lines;
  }

  /** The next whole line, {@link #END} after the last, or null when none arrived within the wait. */
  String poll(long timeout, TimeUnit unit) throws InterruptedException {
    return queue.poll(timeout, unit);
  }

  /** Waits (bounded) for the reader to reach the end of the output of a child that has exited. */
  void awaitEnd(long timeout, TimeUnit unit) throws InterruptedException {
    reader.join(unit.toMillis(timeout));
    if (reader.isAlive()) {
      throw new AssertionError("the output of an exited child did not end within " + timeout + " " + unit);
    }
  }
}
