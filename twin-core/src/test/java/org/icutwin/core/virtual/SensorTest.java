package org.icutwin.core.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Sensors: noise levels, artefact rates, censoring and seeded reproducibility. */
class SensorTest {

  /** Reads a sensor every {@code stepMin} for {@code hours} against a constant truth. */
  static List<Reading> run(Sensor s, double truth, double stepMin, double hours) {
    var out = new ArrayList<Reading>();
    for (double t = 0; t <= hours * 60; t += stepMin) {
      out.add(s.read(t, truth));
    }
    return out;
  }

  /** Number of episodes: readings with the artefact whose predecessor lacks it. */
  static int onsets(List<Reading> rs, Artefact a) {
    int n = 0;
    for (int k = 0; k < rs.size(); k++) {
      if (rs.get(k).artefacts().contains(a) && (k == 0 || !rs.get(k - 1).artefacts().contains(a))) {
        n++;
      }
    }
    return n;
  }

  static long count(List<Reading> rs, Artefact a) {
    return rs.stream().filter(r -> r.artefacts().contains(a)).count();
  }

  @Test
  void arterialLineArtefactsOccurAtTheConfiguredRates() {
    var cfg = new ArterialLineSensor.Config(3.0, 0.5, 0.2, 0.1);
    double hours = 2000;
    List<Reading> rs = run(new ArterialLineSensor(cfg, 1L), 70.0, 1.0, hours);
    // onsets happen only outside an episode of the same kind: expected ≈ rate·(idle time)
    assertThat(onsets(rs, Artefact.FLUSH) / (hours - count(rs, Artefact.FLUSH) / 60.0)).isCloseTo(0.5, within(0.06));
    assertThat(onsets(rs, Artefact.ZEROING) / (hours - count(rs, Artefact.ZEROING) / 60.0)).isCloseTo(0.2, within(0.03));
    assertThat(onsets(rs, Artefact.GAP) / (hours - count(rs, Artefact.GAP) / 60.0)).isCloseTo(0.1, within(0.02));
    assertThat(rs).filteredOn(r -> r.artefacts().contains(Artefact.FLUSH) && r.status() == Reading.Status.VALUE)
        .allSatisfy(r -> assertThat(r.reported()).isBetween(240.0, 310.0));
    assertThat(rs).filteredOn(r -> r.artefacts().contains(Artefact.ZEROING))
        .allSatisfy(r -> assertThat(r.reported()).isBetween(0.0, 5.0));
    assertThat(rs).filteredOn(r -> r.artefacts().contains(Artefact.GAP))
        .allSatisfy(r -> assertThat(r.value()).isEmpty());
    double[] clean = rs.stream().filter(r -> !r.isArtefact()).mapToDouble(r -> r.reported() - 70).toArray();
    assertThat(VancomycinPatientTest.sd(clean)).isCloseTo(3.0, within(0.1));
  }

  @Test
  void cgmHasAboutTenPercentErrorAndItsArtefactsAtTheConfiguredRates() {
    var cfg = new CgmSensor.Config(7, 0.08, 20, 0.06, 0.15, 0.1, 0.05, 0.04);
    double hours = 3000;
    List<Reading> rs = run(new CgmSensor(cfg, 3L), 8.0, 5.0, hours);
    assertThat(onsets(rs, Artefact.DROPOUT) / hours).isBetween(0.07, 0.11);
    assertThat(onsets(rs, Artefact.COMPRESSION_LOW) / hours).isBetween(0.035, 0.06);
    assertThat(onsets(rs, Artefact.STUCK) / hours).isBetween(0.025, 0.05);
    assertThat(rs).filteredOn(r -> r.artefacts().contains(Artefact.COMPRESSION_LOW))
        .allSatisfy(r -> assertThat(r.reported()).isLessThan(8.0 * 1.1));
    double mard = rs.stream().filter(r -> !r.isArtefact() && r.status() == Reading.Status.VALUE)
        .mapToDouble(r -> Math.abs(r.reported() - 8.0) / 8.0).average().orElseThrow();
    assertThat(mard).isBetween(0.04, 0.2);
  }

  @Test
  void cgmLagsBehindAFallingGlucoseAndCensorsOutsideItsRange() {
    var noiseless = new CgmSensor(new CgmSensor.Config(7, 1e-9, 20, 0, 0, 0, 0, 0), 1L);
    noiseless.read(0, 10.0);
    Reading r = noiseless.read(5, 5.0);
    double gain = r.reported() / (10.0 - (1 - Math.exp(-5.0 / 7)) * 5.0);
    assertThat(r.reported()).isGreaterThan(5.0 * gain + 1.0);
    Reading low = noiseless.read(120, 1.0);
    assertThat(low.status()).isEqualTo(Reading.Status.BELOW_LIMIT);
    assertThat(low.limit()).hasValue(CgmSensor.LOW_LIMIT);
    assertThat(low.value()).isEmpty();
  }

  @Test
  void stuckCgmRepeatsTheLastReportedValue() {
    var cfg = new CgmSensor.Config(7, 0.08, 20, 0.06, 0.15, 0, 0, 0.2);
    List<Reading> rs = run(new CgmSensor(cfg, 8L), 8.0, 5.0, 200);
    for (int k = 1; k < rs.size(); k++) {
      if (rs.get(k).artefacts().contains(Artefact.STUCK) && rs.get(k - 1).status() == Reading.Status.VALUE) {
        assertThat(rs.get(k).reported()).isEqualTo(rs.get(k - 1).reported());
      }
    }
    assertThat(count(rs, Artefact.STUCK)).isPositive();
  }

  @Test
  void labAndPointOfCareGlucoseHaveTheirCvAndMissedSamples() {
    for (var cfg : List.of(SampledSensor.Config.labGlucose(), SampledSensor.Config.pointOfCareGlucose())) {
      List<Reading> rs = run(new SampledSensor(cfg, 17L), 10.0, 60, 20000);
      double missed = count(rs, Artefact.MISSED) / (double) rs.size();
      assertThat(missed).isCloseTo(cfg.missProbability(), within(0.01));
      double[] clean = rs.stream().filter(r -> !r.isArtefact()).mapToDouble(r -> r.reported() / 10.0).toArray();
      double expected = Math.sqrt(cfg.cv() * cfg.cv() + Math.pow(cfg.sd() / 10, 2));
      assertThat(VancomycinPatientTest.sd(clean)).isCloseTo(expected, within(0.1 * expected));
    }
  }

  @Test
  void vancomycinAssayReportsBelowTheLimitOfQuantification() {
    var s = new SampledSensor(SampledSensor.Config.vancomycinAssay(), 2L);
    List<Reading> rs = run(s, 1.0, 60, 500);
    assertThat(rs).filteredOn(r -> r.status() != Reading.Status.MISSING)
        .allSatisfy(r -> assertThat(r.status() == Reading.Status.BELOW_LIMIT || r.reported() >= 2.0).isTrue());
    assertThat(rs).anySatisfy(r -> assertThat(r.limit()).hasValue(2.0));
  }

  @Test
  void irregularSamplingTimesRespectTheirGaps() {
    double[] t = SampledSensor.irregularTimes(4L, 0, 72 * 60, 60, 240);
    for (int k = 1; k < t.length; k++) {
      assertThat(t[k] - t[k - 1]).isBetween(60.0, 240.0);
    }
    assertThat(t.length).isBetween(72 / 4, 72);
  }

  @Test
  void sameSeedReproducesReadingsAndDifferentSeedsDiffer() {
    List<Function<Long, Sensor>> makers = List.of(
        seed -> new CgmSensor(CgmSensor.Config.typical(), seed),
        seed -> new ArterialLineSensor(ArterialLineSensor.Config.typical(), seed),
        seed -> new SampledSensor(SampledSensor.Config.pointOfCareGlucose(), seed));
    for (var make : makers) {
      List<Reading> a = run(make.apply(42L), 7.0, 5, 48);
      List<Reading> b = run(make.apply(42L), 7.0, 5, 48);
      List<Reading> c = run(make.apply(43L), 7.0, 5, 48);
      assertThat(a).isEqualTo(b);
      assertThat(a).isNotEqualTo(c);
    }
  }

  @Test
  void readsOutOfTimeOrderAreRejected() {
    var s = new ArterialLineSensor(ArterialLineSensor.Config.typical(), 1L);
    s.read(10, 70);
    assertThatThrownBy(() -> s.read(9, 70)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("order");
  }
}
