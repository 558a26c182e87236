package org.icutwin.estimation.filter;

import java.util.ArrayList;
import java.util.List;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.simulation.DoseEvent;
import org.icutwin.core.simulation.DosingSchedule;

/**
 * Forecasts of a measurement under a planned regimen, from a copy of the twin's estimator, with
 * prediction intervals that combine state and parameter uncertainty (propagated by the filter,
 * including process noise) with measurement noise.
 *
 * <p>For each time: ŷ and Var_model from {@link StateEstimator#predictMeasurement}, then
 * Var_total = Var_model + R(ŷ) of the given sensor noise; the 90% interval is ŷ ± 1.645·√Var_total
 * (Gaussian in the output; documented in docs/estimation.md). The twin's own estimator is never
 * touched.
 */
public final class Forecast {
  private static final double Z90 = 1.6448536269514722;

  private Forecast() {}

  /**
   * One forecast point.
   *
   * @param timeMin time
   * @param mean predicted measurement
   * @param modelSd standard deviation from state and parameter uncertainty
   * @param totalSd including measurement noise: what a new reading would scatter by
   * @param lower90 lower end of the 90% prediction interval of a reading
   * @param upper90 upper end
   */
  public record Point(double timeMin, double mean, double modelSd, double totalSd, double lower90, double upper90) {}

  /**
   * @param estimator the twin's estimator (copied, not changed)
   * @param ratesNow the model rates running now
   * @param plan dose events (rate changes and boluses); rate changes before the estimator's time
   *     override {@code ratesNow} (they are still running), earlier boluses are already in the estimate
   * @param measurement model output name
   * @param sensorNoise noise of the sensor whose readings are predicted
   * @param timesMin sorted future times ≥ the estimator's time
   */
  public static List<Point> of(StateEstimator estimator, PhysiologicalModel model, double[] ratesNow, DosingSchedule plan,
      String measurement, NoiseModel sensorNoise, double[] timesMin) {
    var out = new ArrayList<Point>(timesMin.length);
    run(estimator.copy(), ratesNow.clone(), 0, 0, model, plan.events(), model.measurementIndex(measurement), sensorNoise,
        timesMin, null, null, out);
    return out;
  }

  /**
   * Where a forecast stood just before one of its plan's events: a copy of the estimator, the
   * rates running, and the positions in the plan and in the forecast times. {@link #resume} re-runs
   * the rest of the forecast from here under a plan that differs from the original only from this
   * event on (e.g. a changed rate), with exactly the arithmetic a full run would do, so a
   * controller that perturbs one move of its plan need not predict again the part before it.
   *
   * @param eventIndex index of the event about to be applied, in the plan's time order
   * @param timeIndex index of the forecast time being approached
   */
  public record Checkpoint(StateEstimator estimator, double[] rates, int eventIndex, int timeIndex) {
    public Checkpoint {
      estimator = estimator.copy();
      rates = rates.clone();
    }

    /** A copy of the estimator as it stood (the checkpoint itself is never changed). */
    @Override
    public StateEstimator estimator() {
      return estimator.copy();
    }

    @Override
    public double[] rates() {
      return rates.clone();
    }
  }

  /**
   * As {@link #of}, also keeping a {@link Checkpoint} before every plan event that {@code before}
   * selects (in time order).
   */
  public static List<Point> of(StateEstimator estimator, PhysiologicalModel model, double[] ratesNow, DosingSchedule plan,
      String measurement, NoiseModel sensorNoise, double[] timesMin, java.util.function.Predicate<DoseEvent> before,
      List<Checkpoint> checkpoints) {
    var out = new ArrayList<Point>(timesMin.length);
    run(estimator.copy(), ratesNow.clone(), 0, 0, model, plan.events(), model.measurementIndex(measurement), sensorNoise,
        timesMin, before, checkpoints, out);
    return out;
  }

  /**
   * The forecast points from a checkpoint on (times from {@code from.timeIndex()}), under
   * {@code plan}, whose events must be the original plan's in the same order up to the checkpoint's
   * event (their times and kinds unchanged from there on; values may differ). Identical to the
   * corresponding points of a full {@link #of} under {@code plan}.
   */
  public static List<Point> resume(Checkpoint from, PhysiologicalModel model, DosingSchedule plan, String measurement,
      NoiseModel sensorNoise, double[] timesMin) {
    var out = new ArrayList<Point>(timesMin.length - from.timeIndex());
    run(from.estimator(), from.rates(), from.eventIndex(), from.timeIndex(), model, plan.events(),
        model.measurementIndex(measurement), sensorNoise, timesMin, null, null, out);
    return out;
  }

  private static void run(StateEstimator est, double[] rates, int firstEvent, int firstTime, PhysiologicalModel model,
      List<DoseEvent> events, int k, NoiseModel sensorNoise, double[] timesMin,
      java.util.function.Predicate<DoseEvent> before, List<Checkpoint> checkpoints, List<Point> out) {
    int e = firstEvent;
    for (int j = firstTime; j < timesMin.length; j++) {
      double t = timesMin[j];
      if (t < est.timeMin()) {
        throw new IllegalArgumentException("forecast time " + t + " is before the estimate at " + est.timeMin());
      }
      while (e < events.size() && events.get(e).timeMin() <= t) {
        DoseEvent ev = events.get(e);
        if (before != null && before.test(ev)) {
          checkpoints.add(new Checkpoint(est, rates, e, j));
        }
        e++;
        if (ev.timeMin() < est.timeMin()) {
          // A rate set before now is still running; a bolus before now is already in the estimate.
          if (ev instanceof DoseEvent.RateChange r) {
            rates[PhysiologicalModel.indexOfChannel(model.rateInputs(), r.channel(), model.id())] = r.rate();
          }
          continue;
        }
        est.predict(ev.timeMin(), rates);
        if (ev instanceof DoseEvent.Bolus b) {
          est.applyBolus(PhysiologicalModel.indexOfChannel(model.bolusInputs(), b.channel(), model.id()), b.amount());
        } else {
          rates[PhysiologicalModel.indexOfChannel(model.rateInputs(), ev.channel(), model.id())] = ((DoseEvent.RateChange) ev).rate();
        }
      }
      est.predict(t, rates);
      double[] m = est.predictMeasurement(k);
      double total = Math.sqrt(m[1] + sensorNoise.variance(m[0]));
      out.add(new Point(t, m[0], Math.sqrt(m[1]), total, m[0] - Z90 * total, m[0] + Z90 * total));
    }
  }
}
