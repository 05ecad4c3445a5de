package dev.quiver.internal.storefile;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Damage to a file's bytes, as values jqwik can generate and shrink: cut the file short, flip one bit, or
 * zero a range. Positions come from an arbitrary that favours the fields a format checks (headers, frame
 * or record boundaries) over the bulk of page data.
 */
sealed interface Damage {
  byte[] apply(byte[] bytes);

  /** Keeps the first {@code length} bytes. */
  record Truncate(int length) implements Damage {
    @Override
    public byte[] apply(byte[] bytes) {
      return Arrays.copyOf(bytes, Math.min(length, bytes.length));
    }
  }

  /** Flips bit {@code bit} (0 = least significant) of byte {@code offset}, if the file reaches it. */
  record FlipBit(int offset, int bit) implements Damage {
    @Override
    public byte[] apply(byte[] bytes) {
      byte[] out = bytes.clone();
      if (offset < out.length) {
        out[offset] ^= (byte) (1 << bit);
      }
      return out;
    }
  }

  /** Zeroes {@code length} bytes from {@code offset}, as far as the file reaches. */
  record ZeroRange(int offset, int length) implements Damage {
    @Override
    public byte[] apply(byte[] bytes) {
      byte[] out = bytes.clone();
      if (offset < out.length) {
        Arrays.fill(out, offset, Math.min(out.length, offset + length), (byte) 0);
      }
      return out;
    }
  }

  /** Writes {@code value} as a big-endian 16-bit field at {@code offset}, as far as the file reaches. */
  record SetShort(int offset, int value) implements Damage {
    @Override
    public byte[] apply(byte[] bytes) {
      byte[] out = bytes.clone();
      if (offset < out.length) {
        out[offset] = (byte) (value >>> 8);
      }
      if (offset + 1 < out.length) {
        out[offset + 1] = (byte) value;
      }
      return out;
    }
  }

  static byte[] applyAll(List<Damage> damage, byte[] bytes) {
    byte[] out = bytes;
    for (Damage d : damage) {
      out = d.apply(out);
    }
    return out;
  }

  /** One to three of: a cut, a flipped bit, a zeroed range, at positions drawn from {@code position}. */
  static Arbitrary<List<Damage>> some(Arbitrary<Integer> position) {
    return one(position).list().ofMinSize(1).ofMaxSize(3);
  }

  static Arbitrary<Damage> one(Arbitrary<Integer> position) {
    return Arbitraries.oneOf(
        position.map(Truncate::new),
        Combinators.combine(position, Arbitraries.integers().between(0, 7)).as(FlipBit::new),
        Combinators.combine(position, Arbitraries.integers().between(1, 64)).as(ZeroRange::new));
  }

  /**
   * Offsets in a file of {@code size} bytes: anywhere; in a fixed header of {@code headerBytes}; or within
   * {@code fieldBytes} of the start of each repeating unit of {@code unitBytes} after the header.
   */
  static Arbitrary<Integer> positions(int size, int headerBytes, int unitStart, int unitBytes, int fieldBytes) {
    int units = Math.max(1, (size - unitStart) / unitBytes);
    return Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.integers().between(0, Math.max(0, size - 1))),
        Tuple.of(1, Arbitraries.integers().between(0, headerBytes - 1)),
        Tuple.of(3, Combinators.combine(Arbitraries.integers().between(0, units - 1),
            Arbitraries.integers().between(0, fieldBytes - 1)).as((unit, at) -> unitStart + unit * unitBytes + at)));
  }
}
