package org.icutwin.control.twin;

import java.util.List;
import java.util.Locale;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariate;

/**
 * The kinds of twin the server can run: which model, which drug it doses, which measured quantity
 * it controls (as the gateway names it) and the model output that quantity feeds.
 */
public enum TwinKind {
  /** Bergman glucose-insulin model, IV insulin infusion, blood glucose (mmol/L). */
  GLUCOSE_INSULIN(ModelCatalog.BERGMAN_INSULIN, "insulin", "glucose", "glucose", List.of(Covariate.WEIGHT_KG)),
  /** Norepinephrine PK with an Emax effect on mean arterial pressure (mm[Hg]). */
  NOREPINEPHRINE_MAP(ModelCatalog.NOREPINEPHRINE_MAP, "norepinephrine", "map", "map", List.of(Covariate.WEIGHT_KG)),
  /** Vancomycin Goti 2018 PK, intermittent infusions, serum levels (mg/L), AUC24 targets. */
  VANCOMYCIN(ModelCatalog.VANCOMYCIN_GOTI, "vancomycin", "vancomycin", "concentration",
      List.of(Covariate.WEIGHT_KG, Covariate.CREATININE_CLEARANCE_ML_PER_MIN, Covariate.HAEMODIALYSIS));

  private final String modelId;
  private final String drug;
  private final String quantity;
  private final String output;
  private final List<Covariate> required;

  TwinKind(String modelId, String drug, String quantity, String output, List<Covariate> required) {
    this.modelId = modelId;
    this.drug = drug;
    this.quantity = quantity;
    this.output = output;
    this.required = required;
  }

  public String modelId() {
    return modelId;
  }

  /** The drug library id of the drug this twin proposes. */
  public String drug() {
    return drug;
  }

  /** The measured quantity (gateway name) the twin learns from and controls. */
  public String quantity() {
    return quantity;
  }

  /** The model output that quantity is compared with. */
  public String output() {
    return output;
  }

  /** Covariates an admission must state for this twin (none is defaulted). */
  public List<Covariate> requiredCovariates() {
    return required;
  }

  /** The kind for a model id or a drug id, e.g. {@code bergman-insulin} or {@code insulin}. */
  public static TwinKind of(String modelOrDrug) {
    for (TwinKind k : values()) {
      if (k.modelId.equals(modelOrDrug) || k.drug.equals(modelOrDrug) || k.name().equalsIgnoreCase(modelOrDrug)) {
        return k;
      }
    }
    throw new IllegalArgumentException("no twin for '" + modelOrDrug + "'; known: "
        + java.util.Arrays.stream(values()).map(k -> k.modelId + " (" + k.drug + ")").toList());
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
