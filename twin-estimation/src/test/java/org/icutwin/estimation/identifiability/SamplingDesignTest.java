package org.icutwin.estimation.identifiability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.icutwin.core.catalog.MammillaryPkModel;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterSpec;
import org.icutwin.core.simulation.DosingSchedule;
import org.junit.jupiter.api.Test;

/**
 * D-optimal next sample for a one-compartment bolus, C(t) = (D/V)·e^{−kt}, k = CL/V, with only
 * CL uncertain (log scale). ∂C/∂log CL = −k·t·C, so one sample's information is
 * F(t) = (k·t·C)²/σ²(C) and the gain ½·log(1 + Σ·F(t)) is increasing in F:
 * <ul>
 *   <li>additive σ: F ∝ t²·e^{−2kt}, maximal at t = 1/k;</li>
 *   <li>proportional σ = cv·C: F = (k·t)²/cv², increasing, so the latest candidate wins;</li>
 *   <li>combined σ² = a² + b²C²: dF/dt = 0 where 1 − kt + b²C²·kt/σ² = 0, i.e. later than 1/k.</li>
 * </ul>
 * D = 1000 mg, V = 50 L, CL = 0.1 L/min: k = 0.002/min, 1/k = 500 min; candidates every 10 min.
 */
class SamplingDesignTest {
  private static final double K = 0.002;
  private static final double[][] PRIOR = {{0.3 * 0.3}};
  private static final double[] CANDIDATES = grid(10, 2000, 10);

  private static final MammillaryPkModel ONE_CMT = new MammillaryPkModel("one-cmt", "drug", 1, false, "mg", 20.0,
      List.of(ParameterSpec.logNormal("CL", "L/min", 0.1, 0.3, "test"), ParameterSpec.fixed("V1", "L", 50, "test")),
      new NoiseModel.Additive(0.5));
  private static final ModelOutput OUTPUT = new ModelOutput(ONE_CMT, new double[] {0.1, 50}, List.of("CL"),
      new double[1], 0, DosingSchedule.empty().bolus(0, "bolus", 1000), "concentration");

  @Test
  void additiveErrorBestTimeIsOneOverK() {
    var ranked = rank(new NoiseModel.Additive(0.5));
    assertThat(ranked.get(0).timeMin()).isCloseTo(1 / K, within(10.0));
  }

  @Test
  void proportionalErrorPushesTheBestTimeToTheEndOfTheWindow() {
    var ranked = rank(new NoiseModel.Proportional(0.15));
    assertThat(ranked.get(0).timeMin()).isEqualTo(2000.0);
  }

  @Test
  void combinedErrorBestTimeIsLaterThanOneOverKAndMatchesTheClosedForm() {
    double a = 0.5;
    double b = 0.15;
    var ranked = rank(new NoiseModel.Combined(a, b));
    double best = Double.NaN;
    double bestF = -1;
    for (double t : CANDIDATES) {
      double c = 20 * Math.exp(-K * t);
      double f = Math.pow(K * t * c, 2) / (a * a + b * b * c * c);
      if (f > bestF) {
        bestF = f;
        best = t;
      }
    }
    assertThat(ranked.get(0).timeMin()).isEqualTo(best).isGreaterThan(1 / K + 10);
    // Rank one: ½ log det(I + ΣF) = ½ log(1 + Σ·F) (matrix determinant lemma).
    assertThat(ranked.get(0).gainNats()).isCloseTo(0.5 * Math.log1p(PRIOR[0][0] * bestF), within(1e-7));
  }

  @Test
  void repeatingASampleAtTheSameTimeGainsLessThanTheFirstDid() {
    NoiseModel noise = new NoiseModel.Additive(0.5);
    var first = rank(noise).get(0);
    double[][] f = FisherInformation.of(OUTPUT, OUTPUT.baseValues(), new double[] {first.timeMin()}, noise,
        ParameterScale.LOG);
    double[][] after = SamplingDesign.updatedCovariance(PRIOR, f);
    assertThat(after[0][0]).isLessThan(PRIOR[0][0]);
    var second = SamplingDesign.rank(OUTPUT, OUTPUT.baseValues(), ParameterScale.LOG, after,
        new double[] {first.timeMin()}, noise).get(0);
    assertThat(second.gainNats()).isPositive().isLessThan(first.gainNats());
  }

  @Test
  void rankingIsSortedByDecreasingGain() {
    var ranked = rank(new NoiseModel.Additive(0.5));
    assertThat(ranked).hasSize(CANDIDATES.length);
    for (int i = 1; i < ranked.size(); i++) {
      assertThat(ranked.get(i).gainNats()).isLessThanOrEqualTo(ranked.get(i - 1).gainNats());
    }
  }

  private static List<CandidateGain> rank(NoiseModel noise) {
    return SamplingDesign.rank(OUTPUT, OUTPUT.baseValues(), ParameterScale.LOG, PRIOR, CANDIDATES, noise);
  }

  private static double[] grid(double from, double to, double step) {
    int n = (int) Math.round((to - from) / step) + 1;
    double[] g = new double[n];
    for (int i = 0; i < n; i++) {
      g[i] = from + i * step;
    }
    return g;
  }
}
