package org.icutwin.estimation.identifiability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.icutwin.core.model.NoiseModel;
import org.junit.jupiter.api.Test;

/** Structural non-identifiability in two textbook outputs, found and named from F's null space. */
class TextbookIdentifiabilityTest {
  private static final double[] TIMES = {0.5, 1, 2, 3, 4, 6, 8, 10};
  private static final NoiseModel UNIT = new NoiseModel.Additive(1.0);

  /** y = C·t + D does not depend on E: F has a zero row and column, and the null vector is e_E. */
  @Test
  void parameterTheOutputIgnoresIsNamedUnobservable() {
    ParametricOutput line = output(List.of("C", "D", "E"), (th, t) -> th[0] * t + th[1]);
    var report = IdentifiabilityAnalysis.of(line, new double[] {2, 1, 3}, TIMES, UNIT, ParameterScale.NATURAL);
    assertThat(report.rank()).isEqualTo(2);
    assertThat(report.fullRank()).isFalse();
    assertThat(report.conditionNumber()).isInfinite();
    assertThat(report.nonIdentifiable()).hasSize(1);
    ParameterCombination n = report.nonIdentifiable().get(0);
    assertThat(n.expression()).isEqualTo("E");
    assertThat(n.coefficients()).containsExactly(new double[] {0, 0, 1}, within(1e-9));
  }

  /**
   * y = (A·C)·e^{−kt} sees only the product A·C: ∂y/∂log A = ∂y/∂log C = y, so in log-parameters
   * the null vector is ∝ [1, −1, 0] over [A, C, k].
   */
  @Test
  void productOfTwoParametersIsNamedAsTheirLogDifference() {
    ParametricOutput decay = output(List.of("A", "C", "k"), (th, t) -> (th[0] * th[1]) * Math.exp(-th[2] * t));
    var report = IdentifiabilityAnalysis.of(decay, new double[] {2, 3, 0.5}, TIMES, UNIT, ParameterScale.LOG);
    assertThat(report.rank()).isEqualTo(2);
    assertThat(report.nonIdentifiable()).hasSize(1);
    ParameterCombination n = report.nonIdentifiable().get(0);
    assertThat(n.coefficients()).containsExactly(new double[] {1, -1, 0}, within(1e-6));
    assertThat(n.expression()).isEqualTo("A − C");
    assertThat(report.eigenvalues()[2]).isLessThan(report.relativeTolerance() * report.eigenvalues()[0]);
  }

  @Test
  void identifiableModelHasFullRankAndFiniteCondition() {
    ParametricOutput decay = output(List.of("B", "k"), (th, t) -> th[0] * Math.exp(-th[1] * t));
    var report = IdentifiabilityAnalysis.of(decay, new double[] {6, 0.5}, TIMES, UNIT, ParameterScale.LOG);
    assertThat(report.fullRank()).isTrue();
    assertThat(report.nonIdentifiable()).isEmpty();
    assertThat(report.conditionNumber()).isFinite().isGreaterThanOrEqualTo(1);
  }

  interface Formula {
    double y(double[] theta, double t);
  }

  static ParametricOutput output(List<String> names, Formula f) {
    return new ParametricOutput() {
      @Override
      public List<String> parameterNames() {
        return names;
      }

      @Override
      public double[] evaluate(double[] theta, double[] timesMin) {
        double[] y = new double[timesMin.length];
        for (int j = 0; j < y.length; j++) {
          y[j] = f.y(theta, timesMin[j]);
        }
        return y;
      }
    };
  }
}
