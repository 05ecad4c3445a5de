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

/** The byte layouts of the store file's BLOB columns; the attribute layout is also the arena image's. */
public final class Codec {
  private Codec() {}

  /** Vectors: little-endian IEEE 754 floats, {@code 4 * dimensions} bytes. */
  static byte[] encodeVector(float[] vector) {
    ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(vector);
    return buffer.array();
  }

  static float[] decodeVector(byte[] bytes) {
    return decodeVector(bytes, new float[bytes.length / Float.BYTES]);
  }

  /** Decodes into {@code vector}, exactly {@code bytes.length / 4} long, and returns it. */
  static float[] decodeVector(byte[] bytes, float[] vector) {
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
    return vector;
  }

  /** First byte of a typed attribute blob; a string-only blob starts with its count's high byte, 0. */
  private static final int TYPED = 1;

  private static final byte STRING = 'S';
  private static final byte LONG = 'L';
  private static final byte DOUBLE = 'D';
  private static final byte BOOLEAN = 'B';

  /**
   * Attributes, in key order, and nothing after them. When every value is a string: a 4-byte count, then
   * modified-UTF-8 key and value pairs (the layout of format 2, so string-only rows stay readable by the
   * versions before typed values). Otherwise: the byte 1, the count, then each key, a type byte ({@code S},
   * {@code L}, {@code D}, {@code B}) and the value. Decoding is exact: a blob that ends early, has bytes left
   * over or names an unknown type is refused.
   */
  public static byte[] encodeAttributes(Map<String, ?> attributes) {
    if (attributes.isEmpty()) {
      return null;
    }
    boolean typed = attributes.values().stream().anyMatch(v -> !(v instanceof String));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (typed) {
        out.writeByte(TYPED);
      }
      out.writeInt(attributes.size());
      for (Map.Entry<String, ?> e : new TreeMap<>(attributes).entrySet()) {
        out.writeUTF(e.getKey());
        if (typed) {
          writeTyped(out, e.getValue());
        } else {
          out.writeUTF((String) e.getValue());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void writeTyped(DataOutputStream out, Object value) throws IOException {
    if (value instanceof String s) {
      out.writeByte(STRING);
      out.writeUTF(s);
    } else if (value instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (value instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeLong(Double.doubleToRawLongBits(d)); // exact, -0.0 included
    } else {
      out.writeByte(BOOLEAN);
      out.writeBoolean((Boolean) value);
    }
  }

  public static Map<String, Object> decodeAttributes(byte[] bytes) throws IOException {
    if (bytes == null) {
      return Map.of();
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      boolean typed = bytes.length > 0 && bytes[0] == TYPED;
      if (typed) {
        in.readByte();
      }
      int n = in.readInt();
      if (n < 0 || n > bytes.length) {
        throw new IOException("attribute count " + n + " does not fit in " + bytes.length + " bytes");
      }
      Map<String, Object> attributes = new TreeMap<>();
      try {
        for (int i = 0; i < n; i++) {
          String key = in.readUTF();
          attributes.put(key, typed ? readTyped(in, key) : in.readUTF());
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

  private static Object readTyped(DataInputStream in, String key) throws IOException {
    byte type = in.readByte();
    switch (type) {
      case STRING:
        return in.readUTF();
      case LONG:
        return in.readLong();
      case DOUBLE:
        double d = Double.longBitsToDouble(in.readLong());
        if (Double.isNaN(d)) {
          throw new IOException("attribute '" + key + "' holds NaN, which no item can hold");
        }
        return d;
      case BOOLEAN:
        int b = in.readUnsignedByte();
        if (b > 1) {
          throw new IOException("attribute '" + key + "' holds boolean byte " + b + "; expected 0 or 1");
        }
        return b == 1;
      default:
        throw new IOException(String.format(java.util.Locale.ROOT,
            "attribute '%s' has type byte 0x%02X; expected S, L, D or B", key, type & 0xFF));
    }
  }
}
