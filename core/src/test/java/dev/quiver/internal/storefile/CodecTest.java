package dev.quiver.internal.storefile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CodecTest {
  private static final Map<String, String> ATTRIBUTES = Map.of("room", "ops", "author", "ana");

  @Test
  void attributesRoundTrip() throws IOException {
    assertThat(Codec.decodeAttributes(Codec.encodeAttributes(ATTRIBUTES))).isEqualTo(ATTRIBUTES);
    assertThat(Codec.decodeAttributes(null)).isEmpty();
  }

  @Test
  void typedAttributesRoundTripWithTheirTypes() throws IOException {
    Map<String, Object> typed = Map.of("room", "ops", "n", Long.MIN_VALUE, "x", -0.0, "flag", true,
        "big", 1746714878034235396L, "tiny", Double.MIN_VALUE);

    Map<String, Object> decoded = Codec.decodeAttributes(Codec.encodeAttributes(typed));

    assertThat(decoded).isEqualTo(typed);
    assertThat(Double.doubleToRawLongBits((Double) decoded.get("x"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void stringOnlyAttributesKeepTheLayoutOfFormatTwo() {
    byte[] blob = Codec.encodeAttributes(ATTRIBUTES);

    assertThat(blob[0]).as("the count's high byte, as before typed values").isZero();
  }

  @Test
  void anUnknownTypeByteIsRefused() {
    byte[] blob = Codec.encodeAttributes(Map.of("n", 1L));
    blob[blob.length - 9] = 'Q'; // the type byte before the 8-byte long

    assertThatThrownBy(() -> Codec.decodeAttributes(blob)).isInstanceOf(IOException.class)
        .hasMessageContaining("type byte 0x51; expected S, L, D or B");
  }

  /** The malformed-files suite found a blob with bytes after its last pair decoded without a word. */
  @Test
  void anAttributeBlobWithBytesAfterItsLastPairDecodedSilently() {
    byte[] blob = Codec.encodeAttributes(ATTRIBUTES);
    byte[] longer = Arrays.copyOf(blob, blob.length + 3);

    assertThatThrownBy(() -> Codec.decodeAttributes(longer)).isInstanceOf(IOException.class)
        .hasMessageContaining("3 bytes follow the 2 name and value pairs");
  }

  @Test
  void anAttributeBlobThatEndsInsideAPairSaysSo() {
    byte[] blob = Codec.encodeAttributes(ATTRIBUTES);
    byte[] shorter = Arrays.copyOf(blob, blob.length - 2);

    assertThatThrownBy(() -> Codec.decodeAttributes(shorter)).isInstanceOf(IOException.class)
        .hasMessageContaining("ends inside its 2 name and value pairs");
  }
}
