package org.icutwin.core.model;

import org.icutwin.core.catalog.ModelCatalog;

class VancomycinModelContractTest extends PhysiologicalModelContractTest {
  @Override
  PhysiologicalModel model() {
    return ModelCatalog.vancomycinGoti2018();
  }

  @Override
  Covariates covariates() {
    return ADULT;
  }
}
