package org.icutwin.estimation.map;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterSpec;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.simulation.DoseEvent;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.estimation.Observation;

/**
 * What to personalise: a model, a patient's covariates, the doses given, the state at t0 and the
 * observations; validated on construction so that a fit never starts on bad input.
 *
 * <p>Observations may come in any order and before the first dose (the model then predicts x0's
 * output). Each must name one of the model's measurements and lie at or after t0.
 *
 * @param model the prior population model
 * @param covariates the patient's covariates (every one the model's parameters need)
 * @param schedule doses given (and planned; only those up to the last observation matter)
 * @param t0Min time of {@code x0}, minutes
 * @param x0 state at t0
 * @param observations at least one
 * @param estimated names of the parameters to estimate, each with an ω; the others stay at their
 *     covariate-typical value
 */
public record MapRequest(PhysiologicalModel model, Covariates covariates, DosingSchedule schedule, double t0Min,
    double[] x0, List<Observation> observations, List<String> estimated) {

  public MapRequest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(covariates, "covariates");
    Objects.requireNonNull(schedule, "schedule");
    observations = List.copyOf(observations);
    estimated = List.copyOf(estimated);
    if (!Double.isFinite(t0Min)) {
      throw new IllegalArgumentException("t0 must be finite, was " + t0Min);
    }
    if (x0.length != model.stateDimension()) {
      throw new IllegalArgumentException("model " + model.id() + " has " + model.stateDimension()
          + " states, x0 has " + x0.length);
    }
    for (int i = 0; i < x0.length; i++) {
      if (!Double.isFinite(x0[i])) {
        throw new IllegalArgumentException(
            "initial state " + model.states().get(i).name() + " is not finite: " + x0[i]);
      }
    }
    x0 = x0.clone();
    if (observations.isEmpty()) {
      throw new IllegalArgumentException("MAP fit of " + model.id() + " needs at least one observation, got none");
    }
    for (Observation o : observations) {
      try {
        model.measurementIndex(o.measurement());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("observation " + o.id() + ": " + e.getMessage(), e);
      }
      if (o.timeMin() < t0Min) {
        throw new IllegalArgumentException("observation " + o.id() + " at t=" + o.timeMin()
            + " min is before t0=" + t0Min + " min, where the state is known");
      }
    }
    ParameterVectors.typical(model, covariates); // fails now, naming a missing covariate
    var seen = new HashSet<String>();
    for (String name : estimated) {
      ParameterSpec spec = model.parameters().get(model.parameterIndex(name));
      if (spec.omega().isEmpty()) {
        throw new IllegalArgumentException("parameter " + name + " of " + model.id()
            + " has no inter-individual variability (ω) and cannot be estimated");
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("parameter " + name + " is listed twice");
      }
    }
    if (estimated.isEmpty()) {
      throw new IllegalArgumentException("no parameter to estimate: model " + model.id() + " has none with ω");
    }
  }

  /**
   * A request estimating every parameter with an ω, starting from the model's untreated initial
   * state at the earliest of the first dose and the first observation.
   */
  public static MapRequest of(PhysiologicalModel model, Covariates covariates, DosingSchedule schedule,
      List<Observation> observations) {
    double t0 = Double.POSITIVE_INFINITY;
    for (DoseEvent e : schedule.events()) {
      t0 = Math.min(t0, e.timeMin());
    }
    for (Observation o : observations) {
      t0 = Math.min(t0, o.timeMin());
    }
    if (observations.isEmpty()) {
      throw new IllegalArgumentException("MAP fit of " + model.id() + " needs at least one observation, got none");
    }
    double[] x0 = model.initialState(ParameterVectors.typical(model, covariates));
    return new MapRequest(model, covariates, schedule, t0, x0, observations, withVariability(model));
  }

  /** A copy estimating only the named parameters. */
  public MapRequest estimating(String... names) {
    return new MapRequest(model, covariates, schedule, t0Min, x0, observations, List.of(names));
  }

  @Override
  public double[] x0() {
    return x0.clone();
  }

  /** Names of the model's parameters that have an ω, in model order. */
  public static List<String> withVariability(PhysiologicalModel model) {
    var names = new ArrayList<String>();
    for (ParameterSpec p : model.parameters()) {
      if (p.omega().isPresent()) {
        names.add(p.name());
      }
    }
    return names;
  }
}
