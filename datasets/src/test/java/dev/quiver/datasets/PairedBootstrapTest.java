package dev.quiver.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
  @Test
  void aConstantGainHasAnIntervalOfThatGainAlone() {
    double[] a = {0.1, 0.5, 1.0, 0.0, 0.25};
    double[] b = {0.2, 0.6, 1.1, 0.1, 0.35};
    PairedBootstrap.Interval i = PairedBootstrap.interval(a, b);
    assertThat(i.mean()).isCloseTo(0.1, within(1e-12));
    assertThat(i.lower()).isCloseTo(0.1, within(1e-12));
    assertThat(i.upper()).isCloseTo(0.1, within(1e-12));
    assertThat(i.above0()).isTrue();
  }

  @Test
  void identicalRunsDifferByNothing() {
    double[] a = {0.1, 0.5, 1.0};
    PairedBootstrap.Interval i = PairedBootstrap.interval(a, a.clone());
    assertThat(i.mean()).isZero();
    assertThat(i.above0()).isFalse();
    assertThat(i.below0()).isFalse();
  }

  @Test
  void noiseAroundZeroGivesAnIntervalThatContainsZero() {
    Random r = new Random(42);
    double[] a = new double[500];
    double[] b = new double[500];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextDouble();
      b[i] = r.nextDouble();
    }
    PairedBootstrap.Interval i = PairedBootstrap.interval(a, b);
    assertThat(i.lower()).isNegative();
    assertThat(i.upper()).isPositive();
    assertThat(i.mean()).isBetween(i.lower(), i.upper());
  }

  @Test
  void aClearLossIsBelowZero() {
    double[] a = new double[200];
    double[] b = new double[200];
    for (int i = 0; i < a.length; i++) {
      a[i] = 1;
      b[i] = i % 4 == 0 ? 1 : 0.5; // loses 0.5 on three queries in four
    }
    PairedBootstrap.Interval i = PairedBootstrap.interval(a, b);
    assertThat(i.mean()).isCloseTo(-0.375, within(1e-12));
    assertThat(i.below0()).isTrue();
  }

  @Test
  void theSameSeedGivesTheSameInterval() {
    double[] a = {0, 1, 0, 1, 1, 0};
    double[] b = {1, 1, 0, 0, 1, 1};
    assertThat(PairedBootstrap.interval(a, b, 2000, 7)).isEqualTo(PairedBootstrap.interval(a, b, 2000, 7));
  }

  @Test
  void shouldRejectRunsOfDifferentLengths() {
    assertThatThrownBy(() -> PairedBootstrap.interval(new double[3], new double[2]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found 3 and 2 scores");
    assertThatThrownBy(() -> PairedBootstrap.interval(new double[0], new double[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one query");
  }
}
