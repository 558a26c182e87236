package org.icutwin.estimation.map;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.icutwin.core.catalog.LinearPkStructure;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.simulation.LinearPkExactPropagator;
import org.icutwin.core.simulation.OdePropagator;
import org.icutwin.core.simulation.Propagator;
import org.icutwin.core.simulation.Simulator;
import org.icutwin.core.simulation.Trajectory;
import org.icutwin.estimation.Observation;

/**
 * Predicted outputs h(x(t_i), θ) at the observation times, in the observations' order.
 *
 * <p>Linear PK models are propagated exactly (no integration error to pollute finite
 * differences); others by adaptive Dormand-Prince. Owns its propagator: one fit, one thread.
 */
final class Predictor {
  private final PhysiologicalModel model;
  private final MapRequest request;
  private final Simulator simulator;
  private final int[] order; // observation indices sorted by time
  private final double[] sortedTimes;
  private final int[] measurement;

  Predictor(MapRequest request, MapOptions options) {
    this.request = request;
    this.model = request.model();
    this.simulator = new Simulator(propagatorFor(model, options));
    List<Observation> obs = request.observations();
    this.order = IntStream.range(0, obs.size()).boxed()
        .sorted(Comparator.comparingDouble(i -> obs.get(i).timeMin())).mapToInt(Integer::intValue).toArray();
    this.sortedTimes = Arrays.stream(order).mapToDouble(i -> obs.get(i).timeMin()).toArray();
    this.measurement = obs.stream().mapToInt(o -> model.measurementIndex(o.measurement())).toArray();
  }

  /** The propagator a fit uses for {@code model}. */
  static Propagator propagatorFor(PhysiologicalModel model, MapOptions options) {
    return model instanceof LinearPkStructure
        ? new LinearPkExactPropagator()
        : OdePropagator.dormandPrince(options.odeAbsTol(), options.odeRelTol());
  }

  double[] predict(double[] theta) {
    Trajectory tr = simulator.simulate(model, theta, request.x0(), request.t0Min(), request.schedule(), sortedTimes);
    double[] h = new double[order.length];
    for (int k = 0; k < order.length; k++) {
      int i = order[k];
      h[i] = model.measure(measurement[i], tr.state(k), theta);
    }
    return h;
  }
}
