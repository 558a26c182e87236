package org.icutwin.estimation.map;

import org.icutwin.core.catalog.MammillaryPkModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.simulation.LinearPkExactPropagator;
import org.icutwin.core.simulation.Simulator;

/** A 70-kg, CrCL 100 mL/min patient on the Goti 2018 vancomycin model, and a noise-free simulator. */
final class MapTestSupport {
  static final MammillaryPkModel GOTI = ModelCatalog.vancomycinGoti2018();
  static final Covariates PATIENT = Covariates.none().weightKg(70).creatinineClearanceMlPerMin(100)
      .with(Covariate.HAEMODIALYSIS, false);

  private MapTestSupport() {}

  static double[] concentrations(MammillaryPkModel model, double[] theta, DosingSchedule schedule, double... times) {
    var tr = new Simulator(new LinearPkExactPropagator()).simulate(model, theta, new double[model.stateDimension()],
        0, schedule, times);
    return tr.measurement(model, theta, "concentration");
  }
}
