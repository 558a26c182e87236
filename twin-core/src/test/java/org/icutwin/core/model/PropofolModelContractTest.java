package org.icutwin.core.model;

import org.icutwin.core.catalog.ModelCatalog;

class PropofolModelContractTest extends PhysiologicalModelContractTest {
  @Override
  PhysiologicalModel model() {
    return ModelCatalog.propofolMarsh();
  }

  @Override
  Covariates covariates() {
    return ADULT;
  }
}
