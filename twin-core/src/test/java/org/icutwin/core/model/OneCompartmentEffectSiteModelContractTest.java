package org.icutwin.core.model;

import java.util.List;
import org.icutwin.core.catalog.MammillaryPkModel;

class OneCompartmentEffectSiteModelContractTest extends PhysiologicalModelContractTest {
  @Override
  PhysiologicalModel model() {
    return new MammillaryPkModel("pk1e", "drug", 1, true, "mg", 5, List.of(
        ParameterSpec.logNormal("CL", "L/min", 0.5, 0.3, "test"),
        ParameterSpec.logNormal("V1", "L", 15, 0.3, "test"),
        ParameterSpec.logNormal("ke0", "/min", 0.2, 0.3, "test")), new NoiseModel.Proportional(0.1));
  }

  @Override
  Covariates covariates() {
    return Covariates.none();
  }
}
