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
