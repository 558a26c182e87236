package org.icutwin.control.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.estimation.Observation;
import org.icutwin.estimation.filter.UpdateOutcome;
import org.junit.jupiter.api.Test;

class ReadingTrendTest {

  static UpdateOutcome reading(double t, double value, double predicted) {
    return reading(t, value, predicted, "lab");
  }

  static UpdateOutcome reading(double t, double value, double predicted, String source) {
    var obs = Observation.of("r" + t, t, "glucose", value, new NoiseModel.Combined(0.1, 0.04), source);
    return new UpdateOutcome(obs, predicted, value - predicted, 0.1, 1.0, true);
  }

  /** A trend whose newest reading follows its sensor's previous one within 15 min is continuous (a CGM). */
  @Test
  void aSensorReadingEveryFewMinutesIsContinuous() {
    var cgm = ReadingTrend.of(List.of(reading(120, 6.0, 6.1, "cgm"), reading(115, 6.1, 6.1, "cgm"),
        reading(60, 7.8, 7.7, "cgm"))).orElseThrow();
    assertThat(cgm.continuous()).isTrue();
    // A blood glucose taken between CGM readings is not: its own previous reading is hours back.
    var lab = ReadingTrend.of(List.of(reading(122, 5.4, 6.1, "lab"), reading(120, 6.0, 6.1, "cgm"),
        reading(115, 6.1, 6.1, "cgm"), reading(20, 9.0, 9.0, "lab"))).orElseThrow();
    assertThat(lab.continuous()).isFalse();
    assertThat(ReadingTrend.of(List.of(reading(120, 6.0, 6.1), reading(60, 7.8, 7.7))).orElseThrow().continuous())
        .isFalse();
  }

  @Test
  void theRateComesFromTheNewestReadingAtLeastThirtyMinutesBeforeTheNewest() {
    // Newest first: 6.0 at 120 min (predicted 7.2), 6.5 at 100 (too close), 7.8 at 60.
    var trend = ReadingTrend.of(List.of(reading(120, 6.0, 7.2), reading(100, 6.5, 6.6), reading(60, 7.8, 7.7)))
        .orElseThrow();
    assertThat(trend.latestValue()).isEqualTo(6.0);
    assertThat(trend.latestTimeMin()).isEqualTo(120);
    assertThat(trend.ratePerHour()).isCloseTo(-1.8, within(1e-12));
    assertThat(trend.predictionError()).isCloseTo(-1.2, within(1e-12));
  }

  @Test
  void oneReadingOrOnlyCloseOnesGiveNoRateAndNoReadingsNoTrend() {
    assertThat(ReadingTrend.of(List.of(reading(120, 6.0, 6.1))).orElseThrow().ratePerHour()).isNaN();
    assertThat(ReadingTrend.of(List.of(reading(120, 6.0, 6.1), reading(95, 6.4, 6.4))).orElseThrow().ratePerHour())
        .isNaN();
    assertThat(ReadingTrend.of(List.of())).isEmpty();
  }
}
