package org.icutwin.estimation.map;

import static org.icutwin.core.model.ParameterSpec.fixed;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.icutwin.core.catalog.MammillaryPkModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.simulation.LinearPkExactPropagator;
import org.icutwin.core.simulation.Simulator;
import org.icutwin.estimation.Observation;

/**
 * Virtual vancomycin patients whose truth is deliberately not the Goti 2018 model it is fitted
 * with: a three-compartment structure with a small, slow deep compartment (Q3 about 0.6 L/h,
 * V3 about 20 L per 70 kg), a CL-V1 correlation of 0.5 that the model's diagonal Ω ignores, and
 * an individual Q (ω 0.3) where the model fixes it. Published IIV (Goti 2018: CV 39.8%, 81.6%,
 * 57.1%) and residual error (3.4 mg/L + 22.7%) are applied to the truth.
 */
final class VirtualVancomycinCohort {
  static final MammillaryPkModel PRIOR = ModelCatalog.vancomycinGoti2018();
  static final NoiseModel PUBLISHED_ERROR = new NoiseModel.Combined(3.4, 0.227);
  static final double LOQ_MG_PER_L = 2.0;
  /** Truth structure; its parameter specs only satisfy the constructor: θ is drawn per patient. */
  static final MammillaryPkModel TRUTH = new MammillaryPkModel("vancomycin-truth-3cmt", "vancomycin", 3, false, "mg",
      20.0, List.of(fixed("CL", "L/min", 0.075, "test"), fixed("V1", "L", 58.4, "test"),
          fixed("Q2", "L/min", 0.108, "test"), fixed("V2", "L", 38.4, "test"), fixed("Q3", "L/min", 0.01, "test"),
          fixed("V3", "L", 20, "test")), PUBLISHED_ERROR);

  record Patient(Covariates covariates, double[] trueTheta, DosingSchedule schedule, List<Observation> levels) {
    double trueClearance() {
      return trueTheta[0];
    }
  }

  private VirtualVancomycinCohort() {}

  /** 25 mg/kg loading, then 15 mg/kg q12h at 12, 24 and 36 h, each as a 1-h infusion. */
  static DosingSchedule schedule(double weightKg) {
    return DosingSchedule.empty()
        .infusion(0, "infusion", 25 * weightKg, 60)
        .infusion(12 * 60, "infusion", 15 * weightKg, 60)
        .infusion(24 * 60, "infusion", 15 * weightKg, 60)
        .infusion(36 * 60, "infusion", 15 * weightKg, 60);
  }

  static Patient draw(SplittableRandom rng, double[] sampleTimesMin) {
    double wt = 50 + 70 * rng.nextDouble();
    double crcl = 30 + 120 * rng.nextDouble();
    Covariates cov = Covariates.none().weightKg(wt).creatinineClearanceMlPerMin(crcl)
        .with(org.icutwin.core.model.Covariate.HAEMODIALYSIS, false);
    double[] typ = ParameterVectors.typical(PRIOR, cov);
    double wCl = PRIOR.parameters().get(0).omega().getAsDouble();
    double wV1 = PRIOR.parameters().get(1).omega().getAsDouble();
    double wV2 = PRIOR.parameters().get(3).omega().getAsDouble();
    double z1 = gaussian(rng);
    double z2 = gaussian(rng);
    double rho = 0.5;
    double etaCl = wCl * z1;
    double etaV1 = wV1 * (rho * z1 + Math.sqrt(1 - rho * rho) * z2);
    double[] theta = {
        typ[0] * Math.exp(etaCl),
        typ[1] * Math.exp(etaV1),
        typ[2] * Math.exp(0.3 * gaussian(rng)),
        typ[3] * Math.exp(wV2 * gaussian(rng)),
        0.6 / 60 * Math.exp(0.3 * gaussian(rng)),
        20.0 * wt / 70};
    DosingSchedule schedule = schedule(wt);
    var tr = new Simulator(new LinearPkExactPropagator()).simulate(TRUTH, theta, new double[3], 0, schedule,
        sampleTimesMin);
    double[] c = tr.measurement(TRUTH, theta, "concentration");
    var levels = new ArrayList<Observation>();
    for (int k = 0; k < c.length; k++) {
      double y = c[k] * (1 + 0.227 * gaussian(rng)) + 3.4 * gaussian(rng);
      String id = "lvl" + k;
      levels.add(y < LOQ_MG_PER_L
          ? Observation.belowLoq(id, sampleTimesMin[k], "concentration", LOQ_MG_PER_L, PUBLISHED_ERROR, "lab")
          : Observation.of(id, sampleTimesMin[k], "concentration", y, PUBLISHED_ERROR, "lab"));
    }
    return new Patient(cov, theta, schedule, levels);
  }

  /** Standard normal by Box-Muller from the seeded generator (reproducible across JDKs). */
  static double gaussian(SplittableRandom rng) {
    double u1 = 1.0 - rng.nextDouble();
    double u2 = rng.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
