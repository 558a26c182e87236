package org.icutwin.estimation.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.icutwin.estimation.map.MapTestSupport.GOTI;
import static org.icutwin.estimation.map.MapTestSupport.PATIENT;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.estimation.Observation;
import org.junit.jupiter.api.Test;

/**
 * The Laplace covariance (JᵀJ)⁻¹ shrinks as levels are added. Levels are the typical patient's
 * noise-free concentrations, so η̂ = 0 for every subset and each added level adds a positive
 * semi-definite term to JᵀJ: the covariances must then be ordered in the Loewner sense.
 */
class LaplaceCovarianceTest {
  private static final NoiseModel ERROR = new NoiseModel.Combined(3.4, 0.227);
  private static final DosingSchedule SCHEDULE = DosingSchedule.empty()
      .infusion(0, "infusion", 1750, 60).infusion(720, "infusion", 1000, 60).infusion(1440, "infusion", 1000, 60);
  private static final double[] TIMES = {1500, 120, 2100};

  @Test
  void covarianceIsSymmetricPositiveDefiniteAndShrinksWithEachLevel() {
    double[] typical = ParameterVectors.typical(GOTI, PATIENT);
    double[] c = MapTestSupport.concentrations(GOTI, typical, SCHEDULE, 120, 1500, 2100);
    double[] cAt = {c[1], c[0], c[2]};
    var estimator = new MapEstimator();
    var obs = new ArrayList<Observation>();
    RealMatrix previous = null;
    for (int n = 0; n < TIMES.length; n++) {
      obs.add(Observation.of("l" + n, TIMES[n], "concentration", cAt[n], ERROR, "lab"));
      MapResult fit = estimator.fit(MapRequest.of(GOTI, PATIENT, SCHEDULE, List.copyOf(obs)));
      for (double e : fit.eta()) {
        assertThat(Math.abs(e)).isLessThan(1e-6);
      }
      RealMatrix cov = new Array2DRowRealMatrix(fit.covariance());
      assertThat(MatrixUtils.isSymmetric(cov, 0)).isTrue();
      new CholeskyDecomposition(cov); // throws unless symmetric positive definite
      if (previous != null) {
        double[] shrink = new EigenDecomposition(previous.subtract(cov)).getRealEigenvalues();
        for (double l : shrink) {
          assertThat(l).as("Σ_%d − Σ_%d must be positive semi-definite", n, n + 1).isGreaterThan(-1e-10);
        }
        assertThat(new LUDecomposition(cov).getDeterminant())
            .isLessThan(new LUDecomposition(previous).getDeterminant());
        assertThat(cov.getEntry(0, 0)).as("var(η_CL)").isLessThan(previous.getEntry(0, 0));
      }
      previous = cov;
    }
    // With no data the covariance would be the prior diag(ω²); three levels are well inside it.
    double omegaCl = GOTI.parameters().get(0).omega().getAsDouble();
    assertThat(previous.getEntry(0, 0)).isLessThan(0.5 * omegaCl * omegaCl);
  }
}
