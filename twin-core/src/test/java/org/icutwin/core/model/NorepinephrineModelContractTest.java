package org.icutwin.core.model;

import org.icutwin.core.catalog.ModelCatalog;

class NorepinephrineModelContractTest extends PhysiologicalModelContractTest {
  @Override
  PhysiologicalModel model() {
    return ModelCatalog.norepinephrineMap();
  }

  @Override
  Covariates covariates() {
    return ADULT;
  }
}
