package dev.quiver.internal.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FirstPassTest {
  @Test
  void propertyPicksThePassAndAbsentMeansTheFloatQuery() {
    assertThat(FirstPass.parse(null)).isEqualTo(FirstPass.FLOAT_QUERY);
    assertThat(FirstPass.parse("float")).isEqualTo(FirstPass.FLOAT_QUERY);
    assertThat(FirstPass.parse(" INT8 ")).isEqualTo(FirstPass.INT8_QUERY);
  }

  @Test
  void unknownValueIsRefusedNamingTheChoicesAndTheValue() {
    assertThatThrownBy(() -> FirstPass.parse("int4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-Dquiver.firstPass must be 'float' or 'int8'; found 'int4'");
  }
}
