package org.icutwin.core.simulation;

import java.util.List;
import org.icutwin.core.model.PhysiologicalModel;

/**
 * Simulates a model under a dosing schedule, splitting integration at every dose event.
 *
 * <p>Conventions: {@code x0} is the state at {@code t0} including everything given before it.
 * Rate changes before t0 set the rates running at t0; boluses before t0 are already in x0 and
 * are skipped. Events at a time apply at that time, before the state at that time is reported
 * (right-continuity), so a bolus at an output time shows in that output. A non-finite state
 * aborts the simulation with an error naming the time: it is never reported as a result.
 */
public final class Simulator {
  private final Propagator propagator;

  public Simulator(Propagator propagator) {
    this.propagator = propagator;
  }

  /** Simulates from (t0, x0) and reports the state at each of {@code outputTimesMin} (sorted, ≥ t0). */
  public Trajectory simulate(PhysiologicalModel model, double[] theta, double[] x0, double t0,
      DosingSchedule schedule, double[] outputTimesMin) {
    int n = model.stateDimension();
    if (x0.length != n) {
      throw new IllegalArgumentException("model " + model.id() + " has " + n + " states, x0 has " + x0.length);
    }
    if (theta.length != model.parameters().size()) {
      throw new IllegalArgumentException(
          "model " + model.id() + " has " + model.parameters().size() + " parameters, theta has " + theta.length);
    }
    for (int k = 0; k < outputTimesMin.length; k++) {
      if (!(outputTimesMin[k] >= t0) || (k > 0 && outputTimesMin[k] < outputTimesMin[k - 1])) {
        throw new IllegalArgumentException("output times must be sorted and >= t0 = " + t0);
      }
    }
    List<ResolvedEvent> events = ResolvedEvent.resolve(model, schedule);
    double[] x = x0.clone();
    double[] u = new double[model.rateInputs().size()];
    int e = 0;
    while (e < events.size() && events.get(e).time() < t0) {
      events.get(e).applyBefore(u);
      e++;
    }
    double t = t0;
    e = applyAt(model, theta, events, e, t, u, x);
    double[][] out = new double[outputTimesMin.length][];
    for (int k = 0; k < outputTimesMin.length; k++) {
      double target = outputTimesMin[k];
      while (e < events.size() && events.get(e).time() <= target) {
        double te = events.get(e).time();
        advance(model, theta, u, t, te, x);
        t = te;
        e = applyAt(model, theta, events, e, t, u, x);
      }
      advance(model, theta, u, t, target, x);
      t = target;
      out[k] = x.clone();
    }
    return new Trajectory(outputTimesMin, out);
  }

  private void advance(PhysiologicalModel model, double[] theta, double[] u, double from, double to, double[] x) {
    if (to > from) {
      propagator.propagate(model, theta, u, from, to, x);
      for (double v : x) {
        if (!Double.isFinite(v)) {
          throw new IllegalStateException("model " + model.id() + " produced a non-finite state at t=" + to + " min");
        }
      }
    }
  }

  private static int applyAt(PhysiologicalModel model, double[] theta, List<ResolvedEvent> events, int e, double t,
      double[] u, double[] x) {
    while (e < events.size() && events.get(e).time() == t) {
      events.get(e).apply(model, theta, u, x);
      e++;
    }
    return e;
  }

  /** A dose event with its channel resolved to an index of the model. */
  private record ResolvedEvent(double time, boolean bolus, int channel, double value) {
    static List<ResolvedEvent> resolve(PhysiologicalModel model, DosingSchedule schedule) {
      return schedule.events().stream().map(ev -> {
        if (ev instanceof DoseEvent.RateChange r) {
          return new ResolvedEvent(r.timeMin(), false,
              PhysiologicalModel.indexOfChannel(model.rateInputs(), r.channel(), model.id()), r.rate());
        }
        DoseEvent.Bolus b = (DoseEvent.Bolus) ev;
        return new ResolvedEvent(b.timeMin(), true,
            PhysiologicalModel.indexOfChannel(model.bolusInputs(), b.channel(), model.id()), b.amount());
      }).toList();
    }

    void applyBefore(double[] u) {
      if (!bolus) {
        u[channel] = value;
      }
    }

    void apply(PhysiologicalModel model, double[] theta, double[] u, double[] x) {
      if (bolus) {
        model.applyBolus(channel, value, x, theta);
      } else {
        u[channel] = value;
      }
    }
  }
}
