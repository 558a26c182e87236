package org.icutwin.estimation.identifiability;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.icutwin.core.catalog.LinearPkStructure;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.simulation.LinearPkExactPropagator;
import org.icutwin.core.simulation.OdePropagator;
import org.icutwin.core.simulation.Propagator;
import org.icutwin.core.simulation.Simulator;

/**
 * A model's measurement under a dosing schedule as a {@link ParametricOutput} of some of its
 * parameters; the others stay at {@code baseTheta}.
 *
 * <p>Linear PK is propagated exactly, other models by Dormand-Prince at 1e-10 (absolute and
 * relative), so that integration error stays far below finite-difference differences. Owns its
 * propagator: not thread-safe.
 */
public final class ModelOutput implements ParametricOutput {
  private final PhysiologicalModel model;
  private final double[] baseTheta;
  private final List<String> varied;
  private final int[] index;
  private final double[] x0;
  private final double t0Min;
  private final DosingSchedule schedule;
  private final int measurement;
  private final Simulator simulator;

  /**
   * @param baseTheta all of the model's parameters, natural scale
   * @param varied names of the parameters that form θ of this output, in order
   * @param x0 state at {@code t0Min}
   * @param measurement name of the model output
   */
  public ModelOutput(PhysiologicalModel model, double[] baseTheta, List<String> varied, double[] x0, double t0Min,
      DosingSchedule schedule, String measurement) {
    if (baseTheta.length != model.parameters().size()) {
      throw new IllegalArgumentException("model " + model.id() + " has " + model.parameters().size()
          + " parameters, baseTheta has " + baseTheta.length);
    }
    this.model = model;
    this.baseTheta = baseTheta.clone();
    this.varied = List.copyOf(varied);
    this.index = this.varied.stream().mapToInt(model::parameterIndex).toArray();
    this.x0 = x0.clone();
    this.t0Min = t0Min;
    this.schedule = schedule;
    this.measurement = model.measurementIndex(measurement);
    Propagator p = model instanceof LinearPkStructure
        ? new LinearPkExactPropagator()
        : OdePropagator.dormandPrince(1e-10, 1e-10);
    this.simulator = new Simulator(p);
  }

  @Override
  public List<String> parameterNames() {
    return varied;
  }

  /** The varied parameters' values in {@code baseTheta}, in {@link #parameterNames()} order. */
  public double[] baseValues() {
    return Arrays.stream(index).mapToDouble(i -> baseTheta[i]).toArray();
  }

  @Override
  public double[] evaluate(double[] theta, double[] timesMin) {
    if (theta.length != index.length) {
      throw new IllegalArgumentException(
          "expected " + index.length + " parameters " + varied + ", got " + theta.length);
    }
    double[] full = baseTheta.clone();
    for (int k = 0; k < index.length; k++) {
      full[index[k]] = theta[k];
    }
    int[] order = IntStream.range(0, timesMin.length).boxed()
        .sorted(Comparator.comparingDouble(i -> timesMin[i])).mapToInt(Integer::intValue).toArray();
    double[] sorted = Arrays.stream(order).mapToDouble(i -> timesMin[i]).toArray();
    var tr = simulator.simulate(model, full, x0, t0Min, schedule, sorted);
    double[] y = new double[timesMin.length];
    for (int k = 0; k < order.length; k++) {
      y[order[k]] = model.measure(measurement, tr.state(k), full);
    }
    return y;
  }
}
