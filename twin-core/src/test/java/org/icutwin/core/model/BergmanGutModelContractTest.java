package org.icutwin.core.model;

import org.icutwin.core.catalog.ModelCatalog;

class BergmanGutModelContractTest extends PhysiologicalModelContractTest {
  @Override
  PhysiologicalModel model() {
    return ModelCatalog.insulinBergman();
  }

  @Override
  Covariates covariates() {
    return ADULT;
  }
}
