package org.icutwin.estimation.filter;

import java.util.function.Supplier;
import org.icutwin.core.catalog.LinearPkStructure;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.simulation.LinearPkExactPropagator;
import org.icutwin.core.simulation.OdePropagator;
import org.icutwin.core.simulation.Propagator;

/** Choice of the propagator a filter owns: exact for linear PK, fixed-step RK4 otherwise. */
public final class Propagators {
  private Propagators() {}

  /** Exact for {@link LinearPkStructure} models; RK4 with at most {@code rk4StepMin} otherwise. */
  public static Supplier<Propagator> forModel(PhysiologicalModel model, double rk4StepMin) {
    if (model instanceof LinearPkStructure) {
      return LinearPkExactPropagator::new;
    }
    return () -> OdePropagator.rk4(rk4StepMin);
  }
}
