package org.icutwin.estimation.identifiability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.estimation.Symmetry;

/**
 * D-optimal choice of the next sampling time: the expected information gain of one sample at t,
 * ½·log det(I + Σ·F_t) = ½·[log det(Σ⁻¹ + F_t) − log det Σ⁻¹], the reduction of the Gaussian
 * posterior's entropy (Lindley 1956, Ann Math Stat 27:986; D-optimality, Atkinson and Donev
 * 1992, Optimum Experimental Designs, ch. 10).
 *
 * <p>Σ is the current posterior covariance in the same scale and parameter order as the output's
 * sensitivities (e.g. the MAP Laplace covariance of η with {@link ParameterScale#LOG} and the
 * estimated parameters as {@link ModelOutput}'s varied ones). F_t = s_t·s_tᵀ/σ²(y_t), σ at the
 * predicted y. Log-determinants come from Cholesky factors: 2·Σ log L_ii.
 */
public final class SamplingDesign {
  /**
   * Relative symmetry tolerance for Cholesky: inverses are symmetric only to round-off. The
   * positivity threshold is 0 (Commons Math's default 1e-10 is absolute and would reject small
   * but valid variances).
   */
  private static final double SYMMETRY = 1e-10;

  private SamplingDesign() {}

  /** Candidates ranked by decreasing gain (ties keep the candidates' order). */
  public static List<CandidateGain> rank(ParametricOutput output, double[] theta, ParameterScale scale,
      double[][] posteriorCovariance, double[] candidateTimesMin, NoiseModel noise) {
    RealMatrix precision = symmetric(new CholeskyDecomposition(new Array2DRowRealMatrix(posteriorCovariance, true),
        SYMMETRY, 0.0).getSolver().getInverse());
    double logDetPrecision = logDet(precision);
    var gains = new ArrayList<CandidateGain>();
    for (double t : candidateTimesMin) {
      double[][] f = FisherInformation.of(output, theta, new double[] {t}, noise, scale);
      RealMatrix posterior = precision.add(new Array2DRowRealMatrix(f, false));
      gains.add(new CandidateGain(t, 0.5 * (logDet(posterior) - logDetPrecision)));
    }
    gains.sort(Comparator.comparingDouble(CandidateGain::gainNats).reversed());
    return gains;
  }

  /** The covariance after adding information F: (Σ⁻¹ + F)⁻¹, symmetrised. */
  public static double[][] updatedCovariance(double[][] covariance, double[][] fisher) {
    var chol = new CholeskyDecomposition(new Array2DRowRealMatrix(covariance, true), SYMMETRY, 0.0);
    RealMatrix precision = symmetric(chol.getSolver().getInverse()).add(new Array2DRowRealMatrix(fisher, true));
    double[][] c = new CholeskyDecomposition(precision, SYMMETRY, 0.0).getSolver().getInverse().getData();
    return Symmetry.symmetrise(c);
  }

  private static RealMatrix symmetric(RealMatrix m) {
    return m.add(m.transpose()).scalarMultiply(0.5);
  }

  private static double logDet(RealMatrix spd) {
    RealMatrix l = new CholeskyDecomposition(spd, SYMMETRY, 0.0).getL();
    double s = 0;
    for (int i = 0; i < l.getRowDimension(); i++) {
      s += Math.log(l.getEntry(i, i));
    }
    return 2 * s;
  }
}
