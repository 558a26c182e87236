package org.icutwin.core.virtual;

/**
 * Individual parameters of the norepinephrine → MAP truth. Units: µg, L, min, mm[Hg].
 *
 * @param clLPerMin clearance before shock worsens, L/min (falls by up to {@code clShockDrop} at the nadir)
 * @param clShockDrop fractional fall of CL at the worst of the shock (Beloeil 2005: CL falls with severity)
 * @param v1L central volume, L
 * @param qLPerMin inter-compartmental clearance, L/min
 * @param v2L peripheral volume, L
 * @param ke0PerMin effect-site equilibration rate, 1/min
 * @param emaxMmHg maximal MAP rise, mm[Hg]
 * @param ec50UgPerL effect-site concentration of half-maximal effect before tolerance, µg/L
 * @param gamma Hill coefficient (sigmoidicity)
 * @param toleranceRatePerMin rate at which tolerance T follows Ce, 1/min
 * @param toleranceGain β in EC50(t) = EC50·(1 + β·T/EC50)
 * @param baseline untreated MAP0(t)
 */
public record NorepinephrineParameters(double clLPerMin, double clShockDrop, double v1L, double qLPerMin, double v2L,
    double ke0PerMin, double emaxMmHg, double ec50UgPerL, double gamma, double toleranceRatePerMin,
    double toleranceGain, Baseline baseline) {

  public NorepinephrineParameters {
    double[] positive = {clLPerMin, v1L, qLPerMin, v2L, ke0PerMin, emaxMmHg, ec50UgPerL, gamma, toleranceRatePerMin};
    for (double v : positive) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException("norepinephrine parameters must be finite and > 0: " + v);
      }
    }
    if (!(clShockDrop >= 0 && clShockDrop < 1) || !(toleranceGain >= 0)) {
      throw new IllegalArgumentException("need 0 <= clShockDrop < 1 and toleranceGain >= 0");
    }
  }

  /**
   * Untreated MAP: MAP0(t) = base − depth·s(t) + w(t), s(t) = (t/tp)·exp(1 − t/tp) (worsening to a
   * nadir at tp, then resolving), w an Ornstein-Uhlenbeck wander.
   *
   * @param baseMmHg MAP0 at t = 0, mm[Hg]
   * @param depthMmHg fall of MAP0 at the nadir, mm[Hg]
   * @param nadirMin time of the nadir tp, min
   * @param wanderSdMmHg SD of the wander, mm[Hg]
   * @param wanderCorrelationMin correlation time of the wander, min
   * @param seed seed of the wander
   */
  public record Baseline(double baseMmHg, double depthMmHg, double nadirMin, double wanderSdMmHg,
      double wanderCorrelationMin, long seed) {

    /** The shock profile s(t) in [0, 1], 1 at the nadir. */
    public double shock(double tMin) {
      double r = Math.max(tMin, 0) / nadirMin;
      return r * Math.exp(1 - r);
    }
  }
}
