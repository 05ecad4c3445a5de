package dev.quiver.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Document vectors kept in a file of its own, keyed by the exact text embedded, so that runs of the evaluator
 * embed each distinct text once. Appended one batch at a time: a run that is stopped keeps what it embedded.
 * Records are a text's UTF-8 length, its bytes, then the vector's floats; a torn last record is cut off
 * on open and embedded again.
 */
final class VectorCache {
  private static final int BATCH = 128;

  private final Path file;
  private final int dimensions;
  private final Map<String, float[]> vectors = new HashMap<>();

  VectorCache(Path file, int dimensions) throws IOException {
    this.file = file;
    this.dimensions = dimensions;
    if (Files.exists(file)) {
      load();
    }
  }

  /** Reads every whole record; a torn tail, left by a run that was stopped mid-write, is cut off. */
  private void load() throws IOException {
    long whole = 0;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      while (true) {
        try {
          int length = in.readInt();
          byte[] text = in.readNBytes(length);
          float[] v = new float[dimensions];
          for (int i = 0; i < dimensions; i++) {
            v[i] = in.readFloat();
          }
          if (text.length != length) {
            throw new EOFException();
          }
          vectors.put(new String(text, StandardCharsets.UTF_8), v);
          whole += Integer.BYTES + length + (long) Float.BYTES * dimensions;
        } catch (EOFException torn) {
          break;
        }
      }
    }
    if (Files.size(file) > whole) {
      // records appended after a torn one would be read as part of it
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        channel.truncate(whole);
      }
    }
  }

  int size() {
    return vectors.size();
  }

  /** The vectors of {@code texts}, calling {@code embed} only for those the file does not hold yet. */
  List<float[]> vectors(List<String> texts, Function<List<String>, List<float[]>> embed) throws IOException {
    Set<String> missing = new LinkedHashSet<>();
    for (String t : texts) {
      if (!vectors.containsKey(t)) {
        missing.add(t);
      }
    }
    List<String> todo = new ArrayList<>(missing);
    long started = System.nanoTime();
    for (int from = 0; from < todo.size(); from += BATCH) {
      List<String> batch = todo.subList(from, Math.min(todo.size(), from + BATCH));
      List<float[]> embedded = embed.apply(batch);
      append(batch, embedded);
      int done = from + batch.size();
      System.err.printf(Locale.ROOT, "embedded %d/%d (%.1f texts/s)%n", done, todo.size(),
          done / ((System.nanoTime() - started) / 1e9));
    }
    List<float[]> out = new ArrayList<>(texts.size());
    for (String t : texts) {
      out.add(vectors.get(t));
    }
    return out;
  }

  private void append(List<String> texts, List<float[]> embedded) throws IOException {
    try (OutputStream raw = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw))) {
      for (int i = 0; i < texts.size(); i++) {
        byte[] bytes = texts.get(i).getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
        for (float f : embedded.get(i)) {
          out.writeFloat(f);
        }
        vectors.put(texts.get(i), embedded.get(i));
      }
    }
  }
}
