package org.icutwin.control.whatif;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.icutwin.core.model.InputChannel;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.simulation.DoseEvent;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.simulation.Propagator;
import org.icutwin.core.simulation.Simulator;
import org.icutwin.estimation.filter.Estimate;
import org.icutwin.estimation.filter.EstimationSetup;
import org.icutwin.estimation.filter.Propagators;

/**
 * Simulates clinician-specified regimens from the twin's posterior on common random numbers.
 *
 * <p>N joint draws of (state, θ) come from the posterior ({@link PosteriorSampler}); every
 * alternative is simulated from the same N draws, so the difference between two alternatives on
 * one draw is the effect of the regimen alone (identical regimens differ by exactly zero). The
 * percentiles are those of the model output (no measurement noise): they describe the patient's
 * trajectory, not the scatter of a future reading. Owns its propagator: one instance per twin,
 * not thread-safe.
 */
public final class WhatIfSimulator {
  /** The percentiles reported, in this order. */
  public static final double[] PERCENTILES = {5, 25, 50, 75, 95};

  private final PhysiologicalModel model;
  private final double[] baseTheta;
  private final Simulator simulator;

  public WhatIfSimulator(PhysiologicalModel model, double[] baseTheta, Supplier<Propagator> propagators) {
    this.model = Objects.requireNonNull(model, "model");
    this.baseTheta = baseTheta.clone();
    if (baseTheta.length != model.parameters().size()) {
      throw new IllegalArgumentException("model " + model.id() + " has " + model.parameters().size()
          + " parameters, theta has " + baseTheta.length);
    }
    this.simulator = new Simulator(propagators.get());
  }

  /** A simulator for the twin set up by {@code setup}, with the filter's propagator choice (RK4 step 1 min). */
  public static WhatIfSimulator of(EstimationSetup setup) {
    return new WhatIfSimulator(setup.model(), setup.theta(), Propagators.forModel(setup.model(), 1.0));
  }

  /** Draws from {@code posterior} and simulates every alternative on the same draws. */
  public WhatIfResult run(Estimate posterior, WhatIfRequest request) {
    double t0 = posterior.timeMin();
    validate(t0, request);
    List<PosteriorDraw> draws = PosteriorSampler.draw(posterior, model, baseTheta, request.samples(), request.seed());
    double[] times = request.timesMin();
    var results = new ArrayList<AlternativeResult>();
    for (Alternative alternative : request.alternatives()) {
      DosingSchedule schedule = withRunningRates(t0, request.ratesNow(), alternative.plan());
      double[][] values = new double[draws.size()][];
      for (int s = 0; s < draws.size(); s++) {
        PosteriorDraw d = draws.get(s);
        values[s] = simulator.simulate(model, d.theta(), d.state(), t0, schedule, times)
            .measurement(model, d.theta(), request.output());
      }
      results.add(new AlternativeResult(alternative.name(), values, percentiles(values, times.length),
          summarise(values, times, request.outcomes())));
    }
    return new WhatIfResult(request.output(), times, results);
  }

  private void validate(double t0, WhatIfRequest request) {
    model.measurementIndex(request.output()); // names the model's outputs when unknown
    if (request.timesMin()[0] < t0) {
      throw new IllegalArgumentException("report time " + request.timesMin()[0] + " min is before the posterior at "
          + t0 + " min: what-ifs look forward only");
    }
    if (request.ratesNow().length != model.rateInputs().size()) {
      throw new IllegalArgumentException("model " + model.id() + " has " + model.rateInputs().size()
          + " rate inputs " + names(model.rateInputs()) + ", ratesNow has " + request.ratesNow().length);
    }
    for (Alternative a : request.alternatives()) {
      for (DoseEvent e : a.plan().events()) {
        if (e.timeMin() < t0) {
          throw new IllegalArgumentException("alternative '" + a.name() + "': event at " + e.timeMin()
              + " min is before the posterior at " + t0 + " min (the past is in the estimate, not in a what-if)");
        }
        List<InputChannel> channels = e instanceof DoseEvent.Bolus ? model.bolusInputs() : model.rateInputs();
        if (names(channels).stream().noneMatch(e.channel()::equals)) {
          throw new IllegalArgumentException("alternative '" + a.name() + "': model " + model.id() + " has no "
              + (e instanceof DoseEvent.Bolus ? "bolus" : "rate") + " channel '" + e.channel() + "'; channels: "
              + names(channels));
        }
      }
    }
  }

  /** The running rates as events at t0, first, so that the plan's own events at t0 override them. */
  private DosingSchedule withRunningRates(double t0, double[] ratesNow, DosingSchedule plan) {
    var events = new ArrayList<DoseEvent>();
    for (int i = 0; i < ratesNow.length; i++) {
      events.add(new DoseEvent.RateChange(t0, model.rateInputs().get(i).name(), ratesNow[i]));
    }
    events.addAll(plan.events());
    return new DosingSchedule(events);
  }

  private static double[][] percentiles(double[][] values, int times) {
    double[][] p = new double[PERCENTILES.length][times];
    double[] column = new double[values.length];
    for (int k = 0; k < times; k++) {
      for (int s = 0; s < values.length; s++) {
        column[s] = values[s][k];
      }
      Arrays.sort(column);
      for (int r = 0; r < PERCENTILES.length; r++) {
        p[r][k] = Percentiles.sorted(column, PERCENTILES[r]);
      }
    }
    return p;
  }

  private static OutcomeSummary summarise(double[][] values, double[] times, OutcomeSpec spec) {
    double inBand = 0;
    int below = 0;
    double[] auc = new double[values.length];
    for (int s = 0; s < values.length; s++) {
      double[] y = values[s];
      int count = 0;
      boolean under = false;
      for (int k = 0; k < y.length; k++) {
        if (y[k] >= spec.bandLow() && y[k] <= spec.bandHigh()) {
          count++;
        }
        under |= y[k] < spec.lowThreshold();
        if (k > 0) {
          auc[s] += 0.5 * (y[k] + y[k - 1]) * (times[k] - times[k - 1]);
        }
      }
      inBand += (double) count / y.length;
      below += under ? 1 : 0;
    }
    Arrays.sort(auc);
    double[] aucP = new double[PERCENTILES.length];
    for (int r = 0; r < PERCENTILES.length; r++) {
      aucP[r] = Percentiles.sorted(auc, PERCENTILES[r]);
    }
    return new OutcomeSummary(inBand / values.length, (double) below / values.length, aucP);
  }

  private static List<String> names(List<InputChannel> channels) {
    return channels.stream().map(InputChannel::name).toList();
  }
}
