package org.icutwin.core.model;

import org.icutwin.core.catalog.ModelCatalog;

class BergmanModelContractTest extends PhysiologicalModelContractTest {
  @Override
  PhysiologicalModel model() {
    return ModelCatalog.bergmanMinimal();
  }

  @Override
  Covariates covariates() {
    return ADULT;
  }
}
