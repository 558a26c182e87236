package org.icutwin.control.twin;

import java.util.List;
import java.util.Optional;
import org.icutwin.control.mpc.MpcConfig;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.estimation.filter.EstimatedParameter;
import org.icutwin.estimation.filter.EstimationSetup;

/** How a norepinephrine twin estimates and controls; shared by the twin and the closed-loop trial. */
public final class NorepinephrineSettings {
  private NorepinephrineSettings() {}

  /**
   * The norepinephrine twin's estimation: baseline MAP0 as a log random walk (prior sd 0.15, drift
   * 0.6 per √day) absorbs the patient's offset and its wander; EC50 and the other parameters stay
   * at their population values. EC50 used to be estimated too, but with one output and a slowly
   * varying dose MAP0 and EC50 trade against each other and the controller's gain wandered with
   * them. With MAP0 alone (and the blocked drift CUSUM of {@link DriftMonitoring}) time in band in
   * the closed-loop trial rose by 3.8-5.8 points on each of three cohorts (docs/control.md).
   */
  public static EstimationSetup estimation(PhysiologicalModel model, double[] theta) {
    return new EstimationSetup(model, theta, List.of(EstimatedParameter.drifting("MAP0", 0.15, 0.6)),
        new double[] {0}, new double[] {5}, new double[] {0.5}, 0);
  }

  /**
   * MPC for a norepinephrine twin: the band (default 65-75 mm[Hg]) with the set point at 65% of it
   * (71.5 by default: MAP wanders by about 3 mm[Hg] and harm lies below), P(MAP below the band) ≤ 5%,
   * 0-1 µg/kg/min, at most 0.05 µg/kg/min change per 5-min move, a 1-h horizon, 3 Gauss-Newton
   * iterations (stopping when the first move settles cost a point of time below 65 on a cohort).
   */
  public static MpcConfig mpc(Optional<TwinSpec.Band> band, double weightKg) {
    double lo = band.map(TwinSpec.Band::low).orElse(65.0);
    double hi = band.map(TwinSpec.Band::high).orElse(75.0);
    return new MpcConfig("infusion", "map", lo, hi, lo + 0.65 * (hi - lo), lo, 1.645, false,
        new double[] {5, 5, 10, 10, 30}, 5, 0, 1.0 * weightKg, 0.05 * weightKg, 2.0, 3, false, 200, false, true);
  }
}
