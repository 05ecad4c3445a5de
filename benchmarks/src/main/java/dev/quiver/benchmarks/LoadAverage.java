package dev.quiver.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's load, printed beside every result: the cores are shared, so a figure means little without it. */
final class LoadAverage {
  private LoadAverage() {}

  /** The 1, 5 and 15-minute load averages, or "unknown" where /proc/loadavg is missing. */
  static String now() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return parts[0] + ", " + parts[1] + ", " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
