package org.icutwin.control.safety;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.druglib.DrugLibraryEntry;
import org.icutwin.core.units.ConversionContext;
import org.icutwin.core.units.Quantity;
import org.icutwin.estimation.monitor.DriftStatus;

/** Requests built on the shipped drug library (tests run in twin-control, so the config is one level up). */
final class Fixtures {
  static final DrugLibrary LIBRARY = DrugLibrary.load(Path.of("../config/drug-library.json"));
  static final DrugLibraryEntry INSULIN = LIBRARY.entry("insulin", "adult-icu");
  static final DrugLibraryEntry NOREPINEPHRINE = LIBRARY.entry("norepinephrine", "adult-icu");
  static final DrugLibraryEntry VANCOMYCIN = LIBRARY.entry("vancomycin", "adult-icu");
  static final DrugLibraryEntry PROPOFOL = LIBRARY.entry("propofol", "adult-icu");
  static final double NOW = 1000;
  static final OutputPolicy VANCO_LEVEL = new OutputPolicy("vancomycin_concentration", 48 * 60, 0, 200, "mg/L",
      ConversionContext.none());
  static final SafetyEnvelope ENVELOPE = new SafetyEnvelope(SafetyConfig.of(60,
      List.of(OutputPolicy.glucose(), OutputPolicy.meanArterialPressure("map"), VANCO_LEVEL)));

  private Fixtures() {}

  static TwinStatus glucoseTwin() {
    return new TwinStatus(NOW, "glucose", OptionalDouble.of(NOW - 30), DriftStatus.IN_CONTROL, SolverStatus.CONVERGED,
        new PredictedRange(5.0, 9.0, "mmol/L"));
  }

  static TwinStatus mapTwin() {
    return new TwinStatus(NOW, "map", OptionalDouble.of(NOW - 1), DriftStatus.IN_CONTROL, SolverStatus.CONVERGED,
        new PredictedRange(60, 75, "mm[Hg]"));
  }

  static TwinStatus vancoTwin() {
    return new TwinStatus(NOW, "vancomycin_concentration", OptionalDouble.of(NOW - 600), DriftStatus.IN_CONTROL,
        SolverStatus.NOT_USED, new PredictedRange(8, 25, "mg/L"));
  }

  /** Insulin at {@code value unit} with {@code currentUPerH} running, 80 kg, no history, fresh glucose. */
  static SafetyRequest insulin(double value, String unit, double currentUPerH) {
    return new SafetyRequest(ProposedAction.rate("insulin", "adult-icu", value, unit, NOW),
        Optional.of(Quantity.of(currentUPerH, "[iU]/h")), List.of(), OptionalDouble.of(80), glucoseTwin(),
        Optional.of(INSULIN), Optional.empty());
  }

  static SafetyRequest insulin(double uPerH, double currentUPerH) {
    return insulin(uPerH, "[iU]/h", currentUPerH);
  }

  static SafetyRequest withTwin(SafetyRequest r, TwinStatus twin) {
    return new SafetyRequest(r.proposal(), r.currentRate(), r.history(), r.bodyWeightKg(), twin, r.entry(), r.override());
  }

  static SafetyRequest withHistory(SafetyRequest r, List<Administration> history) {
    return new SafetyRequest(r.proposal(), r.currentRate(), history, r.bodyWeightKg(), r.twin(), r.entry(), r.override());
  }

  static SafetyRequest withWeight(SafetyRequest r, OptionalDouble weight) {
    return new SafetyRequest(r.proposal(), r.currentRate(), r.history(), weight, r.twin(), r.entry(), r.override());
  }

  static SafetyRequest withEntry(SafetyRequest r, Optional<DrugLibraryEntry> entry) {
    return new SafetyRequest(r.proposal(), r.currentRate(), r.history(), r.bodyWeightKg(), r.twin(), entry, r.override());
  }

  /** Norepinephrine at {@code value unit}, {@code currentUgPerKgMin} running, fresh MAP. */
  static SafetyRequest norepinephrine(double value, String unit, double currentUgPerKgMin, OptionalDouble weightKg) {
    return new SafetyRequest(ProposedAction.rate("norepinephrine", "adult-icu", value, unit, NOW),
        Optional.of(Quantity.of(currentUgPerKgMin, "ug/kg/min")), List.of(), weightKg, mapTwin(),
        Optional.of(NOREPINEPHRINE), Optional.empty());
  }

  /** A vancomycin dose in mg over {@code durationMin} (empty: no duration). */
  static SafetyRequest vancomycin(double mg, OptionalDouble durationMin, double weightKg) {
    return new SafetyRequest(ProposedAction.dose("vancomycin", "adult-icu", mg, "mg", NOW, durationMin),
        Optional.empty(), List.of(), OptionalDouble.of(weightKg), vancoTwin(), Optional.of(VANCOMYCIN),
        Optional.empty());
  }

  static double value(SafetyDecision d) {
    return d.action().orElseThrow().value().value();
  }
}
