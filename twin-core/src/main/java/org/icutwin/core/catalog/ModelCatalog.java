package org.icutwin.core.catalog;

import static org.icutwin.core.model.ParameterSpec.fixed;
import static org.icutwin.core.model.ParameterSpec.logNormal;
import static org.icutwin.core.model.ParameterSpec.omegaFromCv;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.CovariateEffect;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterSpec;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.units.Units;

/**
 * The published population models icutwin ships, one per drug, with their sources.
 *
 * <p>Internal units: time in minutes, volumes in L, clearances in L/min. Published values in
 * other units are converted here with {@link Units} (e.g. L/h to L/min). Where the
 * literature gives no inter-individual variability the spec says so in its source, and an ω we
 * chose is marked "assumption". docs/models.md tabulates every value.
 */
public final class ModelCatalog {
  public static final String BERGMAN_INSULIN = "bergman-insulin";
  public static final String BERGMAN_MINIMAL = "bergman-minimal";
  public static final String NOREPINEPHRINE_MAP = "norepinephrine-map";
  public static final String VANCOMYCIN_GOTI = "vancomycin-goti2018";
  public static final String PROPOFOL_MARSH = "propofol-marsh";

  private static final CovariateEffect PER_WEIGHT_70 = new CovariateEffect.Power(Covariate.WEIGHT_KG, 70, 1.0);

  private static final Map<String, PhysiologicalModel> MODELS = List.of(
          insulinBergman(), bergmanMinimal(), norepinephrineMap(), vancomycinGoti2018(), propofolMarsh())
      .stream()
      .collect(Collectors.toUnmodifiableMap(PhysiologicalModel::id, Function.identity()));

  private static final Map<String, DrugBinding> BINDINGS = List.of(
          new DrugBinding("insulin", BERGMAN_INSULIN, "insulin_iv", java.util.Optional.of("insulin_bolus")),
          new DrugBinding("norepinephrine", NOREPINEPHRINE_MAP, "infusion", java.util.Optional.empty()),
          new DrugBinding("vancomycin", VANCOMYCIN_GOTI, "infusion", java.util.Optional.empty()),
          new DrugBinding("propofol", PROPOFOL_MARSH, "infusion", java.util.Optional.of("bolus")),
          // Glucose inputs of the glucose-insulin model, in grams of glucose (molar mass 180.16 g/mol).
          new DrugBinding("dextrose", BERGMAN_INSULIN, "glucose_dextrose", java.util.Optional.of("dextrose_bolus")),
          new DrugBinding("enteral-nutrition", BERGMAN_INSULIN, "glucose_enteral", java.util.Optional.empty()),
          new DrugBinding("parenteral-nutrition", BERGMAN_INSULIN, "glucose_parenteral", java.util.Optional.empty()))
      .stream()
      .collect(Collectors.toUnmodifiableMap(DrugBinding::drug, Function.identity()));

  private ModelCatalog() {}

  /** The model and inputs for a drug of the drug library, or an error listing the drugs with a model. */
  public static DrugBinding bindingFor(String drug) {
    DrugBinding b = BINDINGS.get(drug);
    if (b == null) {
      throw new IllegalArgumentException("no model for drug '" + drug + "'; drugs with a model are "
          + BINDINGS.keySet().stream().sorted().toList());
    }
    return b;
  }

  /** All catalog models by id. */
  public static Map<String, PhysiologicalModel> all() {
    return MODELS;
  }

  /** The model with this id, or an error listing the known ids. */
  public static PhysiologicalModel byId(String id) {
    PhysiologicalModel m = MODELS.get(id);
    if (m == null) {
      throw new IllegalArgumentException("unknown model '" + id + "'; known models are " + MODELS.keySet().stream().sorted().toList());
    }
    return m;
  }

  /**
   * Insulin and glucose, the model glucose twins run: the Bergman minimal model with plasma insulin
   * and one gut compartment for enteral glucose, ICU priors.
   *
   * <p>SI = p3/p2 typical 3e-4 L/(mU·min), inside the ICU range 1e-4 to 1e-3 (Pretty 2012);
   * ω(p3) = 0.6 makes that range about ±2 SD (assumption). VG 0.16 L/kg, VI 0.12 L/kg, p2
   * 0.025 /min, n 0.12 /min (range 0.09-0.14), per ../shared/REFERENCES.md. p1 and Gb set
   * the untreated glucose of a stressed patient (Gb 7 mmol/L, p1 0.01 /min): assumptions.
   * kgut = 1/40 /min: the time-to-maximum of glucose absorption, tmax,G = 40 min (Hovorka 2004,
   * Physiol Meas 25:905), taken as the time constant of one compartment (a simplification of
   * Hovorka's two-compartment chain; docs/models.md).
   */
  public static BergmanInsulinModel insulinBergman() {
    return new BergmanInsulinModel(BERGMAN_INSULIN, bergmanParameters(true), new NoiseModel.Combined(0.1, 0.035), true);
  }

  /**
   * The same model without the gut compartment (three states; enteral glucose appears at once), as
   * Bergman 1979 wrote it. Kept for estimation studies and benchmarks on the textbook model.
   */
  public static BergmanInsulinModel bergmanMinimal() {
    return new BergmanInsulinModel(BERGMAN_MINIMAL, bergmanParameters(false), new NoiseModel.Combined(0.1, 0.035));
  }

  private static List<ParameterSpec> bergmanParameters(boolean gut) {
    double p2 = 0.025;
    double si = 3e-4;
    var specs = new ArrayList<>(List.of(
        logNormal("p1", "/min", 0.01, 0.3, "assumption within 0-0.03 /min (Bergman 1979; ICU EGP)"),
        logNormal("Gb", "mmol/L", 7.0, 0.25, "assumption: stress hyperglycaemia baseline"),
        logNormal("p2", "/min", p2, 0.3, "Bergman 1979, about 0.025 /min; omega assumption"),
        logNormal("p3", "L/(mU.min2)", si * p2, 0.6, "SI = p3/p2 = 3e-4 L/(mU.min), Pretty 2012 ICU range; omega assumption"),
        logNormal("n", "/min", 0.12, 0.15, "plasma insulin clearance 0.09-0.14 /min; omega assumption"),
        fixed("Ib", "mU/L", 10.0, "assumption: basal plasma insulin about 60 pmol/L"),
        fixed("VG", "L", 0.16 * 70, "0.16 L/kg", PER_WEIGHT_70),
        fixed("VI", "L", 0.12 * 70, "0.12 L/kg", PER_WEIGHT_70)));
    if (gut) {
      specs.add(fixed("kgut", "/min", 1.0 / 40, "Hovorka 2004: tmax,G 40 min, as one compartment's time constant"));
    }
    return specs;
  }

  /**
   * Norepinephrine → MAP: one-compartment PK (Beloeil 2005, septic shock: V about 8.8 L, CL
   * 0.9-3 L/min falling with severity) and a direct Emax effect on MAP (Oualha 2014: EC50 about
   * 4.1 µg/L). Amounts in µg. MAP0, dMAP and the ω values are assumptions.
   */
  public static PkPdModel norepinephrineMap() {
    var pk = new MammillaryPkModel("norepinephrine-pk", "norepinephrine", 1, false, "ug", 5.0, List.of(
        logNormal("CL", "L/min", 2.0, 0.45, "Beloeil 2005: 0.9-3 L/min; typical and omega assumption"),
        logNormal("V1", "L", 8.8, 0.3, "Beloeil 2005: about 8.8 L; omega assumption")),
        new NoiseModel.Proportional(0.3));
    return new PkPdModel(NOREPINEPHRINE_MAP, pk, List.of(
        logNormal("MAP0", "mm[Hg]", 55.0, 0.15, "assumption: untreated MAP in vasodilatory shock"),
        logNormal("dMAP", "mm[Hg]", 35.0, 0.4, "assumption: maximal MAP rise"),
        logNormal("EC50", "ug/L", 4.1, 0.5, "Oualha 2014: EC50 about 4.1 ug/L; omega assumption"),
        fixed("gamma", "1", 1.0, "Oualha 2014: hyperbolic (Hill coefficient 1)")),
        "map", "mm[Hg]", new NoiseModel.Additive(3.0), "mean arterial pressure", +1);
  }

  /**
   * Vancomycin, Goti 2018 (Ther Drug Monit 40:212; 1,812 patients): CL = 4.5 L/h·(CrCL/120)^0.8
   * ·0.7^HD, Vc = 58.4 L·(WT/70)·0.5^HD, Vp = 38.4 L·(WT/70), Q = 6.5 L/h; IIV (CV) CL 39.8%,
   * Vc 81.6%, Vp 57.1%; residual 3.4 mg/L + 22.7%. Amounts in mg.
   */
  public static MammillaryPkModel vancomycinGoti2018() {
    String src = "Goti 2018";
    return new MammillaryPkModel(VANCOMYCIN_GOTI, "vancomycin", 2, false, "mg", 20.0, List.of(
        logNormal("CL", "L/min", Units.convert(4.5, "L/h", "L/min"), omegaFromCv(0.398), src,
            new CovariateEffect.Power(Covariate.CREATININE_CLEARANCE_ML_PER_MIN, 120, 0.8),
            new CovariateEffect.Flag(Covariate.HAEMODIALYSIS, 0.7)),
        logNormal("V1", "L", 58.4, omegaFromCv(0.816), src, PER_WEIGHT_70,
            new CovariateEffect.Flag(Covariate.HAEMODIALYSIS, 0.5)),
        fixed("Q2", "L/min", Units.convert(6.5, "L/h", "L/min"), src + " (no IIV reported)"),
        logNormal("V2", "L", 38.4, omegaFromCv(0.571), src, PER_WEIGHT_70)),
        new NoiseModel.Combined(3.4, 0.227));
  }

  /**
   * Propofol, Marsh 1991 (Br J Anaesth 67:41): V1 = 0.228 L/kg, k10 0.119, k12 0.112, k13 0.042,
   * k21 0.055, k31 0.0033 /min, ke0 0.26 /min (1.2 /min in the "modified Marsh"). Converted to
   * clearances and volumes: CL = k10·V1, Q_j = k1j·V1, V_j = Q_j/kj1. Amounts in mg. No IIV is
   * published for this model, so all parameters are fixed.
   */
  public static MammillaryPkModel propofolMarsh() {
    double v1 = 0.228 * 70;
    String src = "Marsh 1991 (70 kg reference, linear in weight)";
    return new MammillaryPkModel(PROPOFOL_MARSH, "propofol", 3, true, "mg", 3.0, List.of(
        fixed("CL", "L/min", 0.119 * v1, src, PER_WEIGHT_70),
        fixed("V1", "L", v1, src, PER_WEIGHT_70),
        fixed("Q2", "L/min", 0.112 * v1, src, PER_WEIGHT_70),
        fixed("V2", "L", 0.112 * v1 / 0.055, src, PER_WEIGHT_70),
        fixed("Q3", "L/min", 0.042 * v1, src, PER_WEIGHT_70),
        fixed("V3", "L", 0.042 * v1 / 0.0033, src, PER_WEIGHT_70),
        fixed("ke0", "/min", 0.26, "Marsh 1991 (original ke0)")),
        new NoiseModel.Proportional(0.2));
  }
}
