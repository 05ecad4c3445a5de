package dev.quiver.internal.storefile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.TreeMap;

/** The byte layouts of the store file's BLOB columns. */
final class Codec {
  private Codec() {}

  /** Vectors: little-endian IEEE 754 floats, {@code 4 * dimensions} bytes. */
  static byte[] encodeVector(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return buffer.array();
  }

  static float[] decodeVector(byte[] bytes) {
    float[] vector = new float[bytes.length / Float.BYTES];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }

  /**
   * Attributes: a count, then modified-UTF-8 key and value pairs in key order, and nothing after them.
   * Decoding is exact: a blob that ends early or has bytes left over is refused.
   */
  static byte[] encodeAttributes(Map<String, String> attributes) {
    if (attributes.isEmpty()) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(attributes.size());
      for (Map.Entry<String, String> e : new TreeMap<>(attributes).entrySet()) {
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Map<String, String> decodeAttributes(byte[] bytes) throws IOException {
    if (bytes == null) {
      return Map.of();
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      int n = in.readInt();
      if (n < 0 || n > bytes.length) {
        throw new IOException("attribute count " + n + " does not fit in " + bytes.length + " bytes");
      }
      Map<String, String> attributes = new TreeMap<>();
      try {
        for (int i = 0; i < n; i++) {
          attributes.put(in.readUTF(), in.readUTF());
        }
      } catch (java.io.EOFException e) {
        throw new IOException("the " + bytes.length + "-byte blob ends inside its " + n + " name and value pairs",
            e);
      }
      if (in.available() > 0) {
        throw new IOException(String.format(java.util.Locale.ROOT, "%d bytes follow the %d name and value pairs "
            + "of the %d-byte blob", in.available(), n, bytes.length));
      }
      return Map.copyOf(attributes);
    }
  }
}
