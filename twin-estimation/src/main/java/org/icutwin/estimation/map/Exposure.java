package org.icutwin.estimation.map;

import java.util.ArrayList;
import java.util.TreeSet;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.simulation.DoseEvent;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.simulation.Simulator;
import org.icutwin.core.simulation.Trajectory;

/**
 * Drug exposure from personalised parameters: the area under an output's curve over a window.
 *
 * <p>AUC = ∫ h(x(t), θ) dt by composite Simpson's rule on each interval between dose events
 * (where the curve is smooth; kinks and jumps fall on interval ends), with steps of at most
 * {@code maxStepMin}. The error per interval is −(b − a)·Δ⁴·h⁗/180: for vancomycin (fastest
 * rate about 0.01/min) and 5-min steps, about 1e-8 relative. A bolus's jump is handled by taking
 * the left limit 1e-7 min before it as the end of the previous interval.
 */
public final class Exposure {
  /** Default largest Simpson step, minutes. */
  public static final double DEFAULT_STEP_MIN = 5.0;
  private static final double LEFT_LIMIT_MIN = 1e-7;

  private Exposure() {}

  /** ∫_from^to h dt in (output unit)·min, simulating from (t0, x0) under the schedule. */
  public static double auc(PhysiologicalModel model, double[] theta, double[] x0, double t0Min, DosingSchedule schedule,
      String measurement, double fromMin, double toMin, double maxStepMin) {
    if (!(fromMin >= t0Min) || !(toMin > fromMin) || !(maxStepMin > 0) || Double.isInfinite(toMin)) {
      throw new IllegalArgumentException("need t0 <= from < to (finite) and step > 0; got t0=" + t0Min + ", from="
          + fromMin + ", to=" + toMin + ", step=" + maxStepMin);
    }
    var breaks = new TreeSet<Double>();
    breaks.add(fromMin);
    breaks.add(toMin);
    var bolusTimes = new TreeSet<Double>();
    for (DoseEvent e : schedule.events()) {
      if (e.timeMin() > fromMin && e.timeMin() <= toMin) {
        breaks.add(e.timeMin());
        if (e instanceof DoseEvent.Bolus) {
          bolusTimes.add(e.timeMin()); // right-continuous output would include the jump
        }
      }
    }
    var times = new ArrayList<Double>();
    var weights = new ArrayList<Double>();
    Double a = null;
    for (double b : breaks) {
      if (a != null) {
        int n = 2 * (int) Math.ceil((b - a) / (2 * maxStepMin));
        double h = (b - a) / n;
        for (int i = 0; i <= n; i++) {
          double t = i == n ? (bolusTimes.contains(b) ? b - LEFT_LIMIT_MIN : b) : a + i * h;
          double w = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
          times.add(t);
          weights.add(w * h / 3);
        }
      }
      a = b;
    }
    double[] grid = times.stream().mapToDouble(Double::doubleValue).toArray();
    Trajectory tr = new Simulator(Predictor.propagatorFor(model, MapOptions.defaults()))
        .simulate(model, theta, x0, t0Min, schedule, grid);
    double[] y = tr.measurement(model, theta, measurement);
    double auc = 0;
    for (int i = 0; i < y.length; i++) {
      auc += weights.get(i) * y[i];
    }
    return auc;
  }

  /**
   * Vancomycin AUC over the 24 h from {@code windowStartMin}, in mg·h/L, for a model whose
   * {@code concentration} output is in mg/L, starting untreated at the first dose. Target
   * 400-600 mg·h/L (Rybak 2020, Am J Health Syst Pharm 77:835).
   */
  public static double auc24MgHPerL(PhysiologicalModel model, double[] theta, DosingSchedule schedule,
      double windowStartMin) {
    String unit = model.measurements().get(model.measurementIndex("concentration")).unit();
    if (!"mg/L".equals(unit)) {
      throw new IllegalArgumentException("AUC24 in mg·h/L needs concentration in mg/L; model " + model.id() + " has "
          + unit);
    }
    double t0 = schedule.events().isEmpty() ? windowStartMin
        : Math.min(windowStartMin, schedule.events().get(0).timeMin());
    double mgMinPerL = auc(model, theta, model.initialState(theta), t0, schedule, "concentration", windowStartMin,
        windowStartMin + 24 * 60, DEFAULT_STEP_MIN);
    return mgMinPerL / 60.0;
  }
}
