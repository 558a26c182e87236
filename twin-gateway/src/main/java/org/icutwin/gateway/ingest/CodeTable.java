package org.icutwin.gateway.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The LOINC / IEEE 11073 MDC codes the twins understand, each mapped to a quantity, a canonical
 * UCUM unit, a default sensor class and a plausible range (docs/fhir.md prints this table).
 *
 * <p>Codes and units from the FHIR R4 vital-signs profile and LOINC; entries marked "verify" in
 * docs/fhir.md are not yet checked against the published code lists. Plausible ranges are wide
 * physiological bounds (values outside them are sensor or transcription errors), not alarms; for
 * the controlled quantities they are the twin's own (QualityRule), so the edge refuses what the twin would.
 */
public final class CodeTable {

  private final Map<CodeRef, MeasurementCode> byCode;

  public CodeTable(List<MeasurementCode> entries) {
    Map<CodeRef, MeasurementCode> m = new LinkedHashMap<>();
    for (MeasurementCode e : entries) {
      if (m.put(e.code(), e) != null) {
        throw new IllegalArgumentException("code " + e.code() + " listed twice");
      }
    }
    this.byCode = Map.copyOf(m);
    this.ordered = List.copyOf(entries);
  }

  private final List<MeasurementCode> ordered;

  /** The table shipped with icutwin. */
  public static CodeTable standard() {
    return new CodeTable(List.of(
        new MeasurementCode(CodeRef.loinc("15074-8"), "glucose", "mmol/L", "lab", 0.5, 60.0,
            "Glucose [Moles/volume] in Blood"),
        new MeasurementCode(CodeRef.loinc("2339-0"), "glucose", "mmol/L", "lab", 0.5, 60.0,
            "Glucose [Mass/volume] in Blood"),
        new MeasurementCode(CodeRef.loinc("41653-7"), "glucose", "mmol/L", "poc", 0.5, 60.0,
            "Glucose [Mass/volume] in Capillary blood by Glucometer"),
        new MeasurementCode(CodeRef.loinc("14743-9"), "glucose", "mmol/L", "poc", 0.5, 60.0,
            "Glucose [Moles/volume] in Capillary blood by Glucometer"),
        new MeasurementCode(CodeRef.loinc("99504-3"), "glucose", "mmol/L", "cgm", 0.5, 60.0,
            "Glucose [Mass/volume] in Interstitial fluid"),
        new MeasurementCode(CodeRef.loinc("8478-0"), "map", "mm[Hg]", "arterial-line", 10.0, 250.0,
            "Mean blood pressure"),
        new MeasurementCode(CodeRef.mdc("150039"), "map", "mm[Hg]", "arterial-line", 10.0, 250.0,
            "MDC_PRESS_BLD_ART_ABP_MEAN"),
        new MeasurementCode(CodeRef.loinc("20578-1"), "vancomycin", "mg/L", "lab", 0.0, 200.0,
            "Vancomycin [Mass/volume] in Serum or Plasma"),
        new MeasurementCode(CodeRef.loinc("4092-3"), "vancomycin", "mg/L", "lab", 0.0, 200.0,
            "Vancomycin [Mass/volume] in Serum or Plasma --trough"),
        new MeasurementCode(CodeRef.loinc("8867-4"), "heart_rate", "/min", "monitor", 5.0, 350.0,
            "Heart rate"),
        new MeasurementCode(CodeRef.mdc("147842"), "heart_rate", "/min", "monitor", 5.0, 350.0,
            "MDC_ECG_HEART_RATE"),
        new MeasurementCode(CodeRef.loinc("59408-5"), "spo2", "%", "monitor", 10.0, 100.0,
            "Oxygen saturation in Arterial blood by Pulse oximetry"),
        new MeasurementCode(CodeRef.mdc("150456"), "spo2", "%", "monitor", 10.0, 100.0,
            "MDC_PULS_OXIM_SAT_O2"),
        new MeasurementCode(CodeRef.loinc("9279-1"), "respiratory_rate", "/min", "monitor", 0.0, 120.0,
            "Respiratory rate"),
        new MeasurementCode(CodeRef.loinc("8310-5"), "temperature", "Cel", "monitor", 20.0, 45.0,
            "Body temperature")));
  }

  /** The meaning of {@code code}, when the twins know it. */
  public Optional<MeasurementCode> lookup(CodeRef code) {
    return Optional.ofNullable(byCode.get(code));
  }

  /** Every entry, in table order. */
  public List<MeasurementCode> entries() {
    return ordered;
  }
}
