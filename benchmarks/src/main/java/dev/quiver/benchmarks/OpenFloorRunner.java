package dev.quiver.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * What any open of a file of N bytes must pay before Quiver's own work, each in a fresh JVM: reading the file
 * through one reused buffer with its CRC32C (the I/O and checksum of an image read), writing the same number of
 * bytes into new heap arrays (what holding them on the heap costs a cold JVM: the kernel's first touch of every
 * page), and touching every page of the file mapped read-only (what keeping them in a mapped file costs).
 *
 * <pre>java -Xmx8g -cp benchmarks.jar dev.quiver.benchmarks.OpenFloorRunner FILE [REPS] [JVM_FLAG...]</pre>
 *
 * <p>The JVM flags after REPS are passed to the children (for example {@code -XX:+UseTransparentHugePages}).
 */
public final class OpenFloorRunner {
  private static final int BUFFER = 1 << 22;
  private static final int CHUNK_FLOATS = 6 << 20; // 24 MiB, a float chunk of 16,384 vectors of 384 dimensions
  private static final String[] PIECES = {"read+crc", "heap-touch", "map-touch"};

  private OpenFloorRunner() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("--child")) {
      System.out.println(measure(args[1], Path.of(args[2])));
      return;
    }
    Path file = Path.of(args[0]);
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> flags = Arrays.asList(args).subList(Math.min(2, args.length), args.length);
    long bytes = java.nio.file.Files.size(file);
    System.out.printf(java.util.Locale.ROOT, "%s, %.0f MB, JVM %s %s, flags %s, load %s%n", file, bytes / 1e6,
        System.getProperty("java.vm.version"), System.getProperty("java.home"), flags, LoadAverage.now());
    System.out.println("| piece | median s | min–max s | GB/s |");
    System.out.println("|---|--:|--:|--:|");
    for (String piece : PIECES) {
      double[] seconds = new double[reps];
      for (int r = 0; r < reps; r++) {
        seconds[r] = child(piece, file, flags);
      }
      Arrays.sort(seconds);
      double median = seconds[reps / 2];
      System.out.printf(java.util.Locale.ROOT, "| %s | %.2f | %.2f–%.2f | %.2f |%n", piece, median, seconds[0],
          seconds[reps - 1], bytes / median / 1e9);
    }
  }

  private static double child(String piece, Path file, List<String> flags) throws IOException,
      InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx8g");
    command.addAll(flags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), OpenFloorRunner.class.getName(),
        "--child", piece, file.toString()));
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IllegalStateException("child " + piece + " failed: " + out);
    }
    return Double.parseDouble(out.trim().split(" ")[0]);
  }

  /** Seconds for one piece, then a value that depends on every byte so the work cannot be skipped. */
  private static String measure(String piece, Path file) throws IOException {
    long start = System.nanoTime();
    long sink = switch (piece) {
      case "read+crc" -> readWithChecksum(file);
      case "heap-touch" -> touchHeap(java.nio.file.Files.size(file));
      case "map-touch" -> touchMapped(file);
      default -> throw new IllegalArgumentException("piece " + piece + "; expected one of " + List.of(PIECES));
    };
    return (System.nanoTime() - start) / 1e9 + " " + sink;
  }

  private static long readWithChecksum(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER).order(ByteOrder.LITTLE_ENDIAN);
      CRC32C crc = new CRC32C();
      long position = 0;
      while (true) {
        buffer.clear();
        int n = channel.read(buffer, position);
        if (n <= 0) {
          return crc.getValue();
        }
        position += n;
        crc.update(buffer.flip());
      }
    }
  }

  private static long touchHeap(long bytes) {
    List<float[]> chunks = new ArrayList<>();
    for (long filled = 0; filled < bytes; filled += (long) CHUNK_FLOATS * Float.BYTES) {
      float[] chunk = new float[CHUNK_FLOATS];
      Arrays.fill(chunk, 1f);
      chunks.add(chunk);
    }
    return chunks.size() + (long) chunks.get(chunks.size() - 1)[CHUNK_FLOATS - 1];
  }

  private static long touchMapped(Path file) throws IOException {
    long sum = 0;
    try (FileChannel channel = FileChannel.open(file)) {
      long size = channel.size();
      for (long from = 0; from < size; from += Integer.MAX_VALUE) {
        MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, from, Math.min(Integer.MAX_VALUE,
            size - from));
        for (int i = 0; i < map.limit(); i += 4096) {
          sum += map.get(i);
        }
      }
    }
    return sum;
  }
}
