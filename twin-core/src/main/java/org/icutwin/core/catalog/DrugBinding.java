package org.icutwin.core.catalog;

import java.util.Objects;
import java.util.Optional;

/**
 * Which catalog model represents a drug of the drug library, and through which of its inputs
 * the drug is given.
 *
 * @param drug drug id as in config/drug-library.json
 * @param modelId catalog model id
 * @param rateChannel the model's rate input for continuous or intermittent infusions
 * @param bolusChannel the model's bolus input, when the drug is given as a bolus
 */
public record DrugBinding(String drug, String modelId, String rateChannel, Optional<String> bolusChannel) {
  public DrugBinding {
    Objects.requireNonNull(drug, "drug");
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(rateChannel, "rateChannel");
    Objects.requireNonNull(bolusChannel, "bolusChannel");
  }
}
