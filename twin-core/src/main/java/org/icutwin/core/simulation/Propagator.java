package org.icutwin.core.simulation;

import org.icutwin.core.model.PhysiologicalModel;

/** Advances a model's state over an interval with constant rate inputs. */
public interface Propagator {

  /** Replaces {@code x} = x(t0) by x(t1) under constant rates {@code u}. */
  void propagate(PhysiologicalModel model, double[] theta, double[] u, double t0, double t1, double[] x);
}
