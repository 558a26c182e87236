package org.icutwin.estimation.filter;

import java.util.function.Supplier;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.simulation.Propagator;
import org.icutwin.estimation.Observation;
import org.icutwin.estimation.Symmetry;

/**
 * State shared by the EKF and UKF: the augmented mean and covariance in scaled coordinates, the
 * process-noise rate, the model propagator this filter owns, and the covariance hygiene
 * (symmetrisation) both need.
 */
abstract class AugmentedFilter implements StateEstimator {
  final AugmentedSpace space;
  final PhysiologicalModel model;
  final Supplier<Propagator> propagators;
  final Propagator propagator;
  final double[] processRate;
  final int dim;
  double[] mean;
  double[][] cov;
  double time;

  AugmentedFilter(EstimationSetup setup, Supplier<Propagator> propagators) {
    this.space = new AugmentedSpace(setup);
    this.model = setup.model();
    this.propagators = propagators;
    this.propagator = propagators.get();
    this.dim = space.dimension();
    this.processRate = space.processRate(setup);
    this.mean = new double[dim];
    this.cov = new double[dim][dim];
    space.prior(setup, mean, cov);
    this.time = setup.startTimeMin();
  }

  /** Copy constructor: deep copy of the posterior, a fresh propagator. */
  AugmentedFilter(AugmentedFilter other) {
    this.space = other.space;
    this.model = other.model;
    this.propagators = other.propagators;
    this.propagator = other.propagators.get();
    this.processRate = other.processRate;
    this.dim = other.dim;
    this.mean = other.mean.clone();
    this.cov = new double[dim][];
    for (int i = 0; i < dim; i++) {
      this.cov[i] = other.cov[i].clone();
    }
    this.time = other.time;
  }

  @Override
  public FilterState exportState() {
    return new FilterState(time, mean, cov);
  }

  @Override
  public StateEstimator withState(FilterState state) {
    if (state.mean().length != dim) {
      throw new IllegalArgumentException("filter state has dimension " + state.mean().length + ", this filter "
          + dim + " (" + String.join(", ", space.names()) + ")");
    }
    AugmentedFilter f = (AugmentedFilter) copy();
    f.mean = state.mean();
    f.cov = state.covariance();
    f.time = state.timeMin();
    return f;
  }

  @Override
  public StateEstimator nominalPath() {
    return new NominalPath(this);
  }

  public AugmentedSpace space() {
    return space;
  }

  @Override
  public double timeMin() {
    return time;
  }

  @Override
  public Estimate estimate() {
    double[] m = new double[dim];
    double[][] c = new double[dim][dim];
    for (int i = 0; i < dim; i++) {
      m[i] = mean[i] * space.scale(i);
      for (int j = 0; j < dim; j++) {
        c[i][j] = cov[i][j] * (space.scale(i) * space.scale(j)); // a·(b·c), symmetric to the bit
      }
    }
    return new Estimate(time, space.names(), m, c);
  }

  void requireForward(double toTimeMin) {
    if (!(toTimeMin >= time)) {
      throw new IllegalArgumentException("cannot predict backwards from " + time + " to " + toTimeMin + " min");
    }
  }

  void requireRates(double[] rates) {
    if (rates.length != model.rateInputs().size()) {
      throw new IllegalArgumentException("model " + model.id() + " has " + model.rateInputs().size() + " rate inputs, got " + rates.length);
    }
  }

  void addProcessNoise(double dt) {
    for (int i = 0; i < dim; i++) {
      cov[i][i] += processRate[i] * dt;
    }
  }

  void symmetrise() {
    Symmetry.symmetrise(cov);
  }

  /** Propagates augmented point z (scaled) in place from {@code t0} to {@code t1}. */
  void propagatePoint(double[] z, double[] rates, double t0, double t1, double[] x, double[] theta) {
    space.clip(z);
    space.state(z, x);
    space.theta(z, theta);
    propagator.propagate(model, theta, rates, t0, t1, x);
    space.store(x, z);
  }

  /** Applies a bolus to augmented point z in place. */
  void bolusPoint(double[] z, int channel, double amount, double[] x, double[] theta) {
    space.state(z, x);
    space.theta(z, theta);
    model.applyBolus(channel, amount, x, theta);
    space.store(x, z);
  }

  double measurePoint(double[] z, int k, double[] x, double[] theta) {
    space.state(z, x);
    space.theta(z, theta);
    return model.measure(k, x, theta);
  }

  /**
   * The value an observation contributes and its noise variance. A value below the limit of
   * quantification is used as the pseudo-measurement LOQ/2 with the variance of a uniform
   * distribution on [0, LOQ] (LOQ²/12) added to the sensor noise: it pulls the estimate below
   * the LOQ without pretending to know where.
   */
  static double[] valueAndNoise(Observation obs, double predicted) {
    if (obs.kind() == Observation.Kind.BELOW_LOQ) {
      double loq = obs.value();
      return new double[] {loq / 2, loq * loq / 12 + obs.noise().variance(loq / 2)};
    }
    return new double[] {obs.value(), obs.noise().variance(predicted)};
  }
}
