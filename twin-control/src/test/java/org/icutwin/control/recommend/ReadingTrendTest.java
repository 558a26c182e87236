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

  /** A blood glucose's rate comes from blood readings, never from a CGM reading between them. */
  @Test
  void aBloodGlucoseIsComparedWithBloodNotWithTheCgm() {
    // Newest first: lab 5.4 at 122, CGM 6.0/6.1/7.5 at 120/115/90, lab 9.0 at 20.
    var lab = ReadingTrend.of(List.of(reading(122, 5.4, 6.1, "lab"), reading(120, 6.0, 6.1, "cgm"),
        reading(115, 6.1, 6.1, "cgm"), reading(90, 7.5, 7.4, "cgm"), reading(20, 9.0, 9.0, "lab"))).orElseThrow();
    assertThat(lab.ratePerHour()).isCloseTo((5.4 - 9.0) / 102 * 60, within(1e-12)); // not (5.4 - 7.5) / 32 · 60
    // Point-of-care and laboratory glucose are both intermittent blood readings: they compare.
    var poc = ReadingTrend.of(List.of(reading(120, 6.0, 6.1, "poc"), reading(60, 7.8, 7.7, "lab"))).orElseThrow();
    assertThat(poc.ratePerHour()).isCloseTo(-1.8, within(1e-12));
    // With no earlier blood reading there is no rate: the CGM's own trend speaks at its next reading.
    var first = ReadingTrend.of(List.of(reading(122, 5.4, 6.1, "lab"), reading(120, 6.0, 6.1, "cgm"),
        reading(115, 6.1, 6.1, "cgm"), reading(90, 7.5, 7.4, "cgm"))).orElseThrow();
    assertThat(first.ratePerHour()).isNaN();
  }

  /** A CGM reading's rate comes from the CGM's own earlier reading, past a blood glucose taken between. */
  @Test
  void aCgmReadingIsComparedWithTheCgm() {
    var cgm = ReadingTrend.of(List.of(reading(120, 6.0, 6.1, "cgm"), reading(115, 6.1, 6.1, "cgm"),
        reading(88, 4.0, 6.3, "lab"), reading(85, 7.0, 7.0, "cgm"))).orElseThrow();
    assertThat(cgm.continuous()).isTrue();
    assertThat(cgm.ratePerHour()).isCloseTo((6.0 - 7.0) / 35 * 60, within(1e-12)); // not (6.0 - 4.0) / 32 · 60
  }
}
