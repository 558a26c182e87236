package org.icutwin.server.twin;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.icutwin.control.twin.PatientTwin;
import org.icutwin.control.twin.TwinKind;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.server.api.ApiException;
import org.icutwin.server.patient.Admission;
import org.icutwin.server.patient.PatientRegistry;
import org.icutwin.server.security.Actor;
import org.icutwin.server.twin.api.AdmitRequest;

/**
 * Admission: checks that a twin can be built for it, records it in the registry, creates the twin.
 * Used by the REST API and the demo.
 */
@Singleton
public class Admissions {

  private final TwinService twins;
  private final PatientRegistry registry;
  private final DrugLibrary library;

  public Admissions(TwinService twins, PatientRegistry registry, DrugLibrary library) {
    this.twins = twins;
    this.registry = registry;
    this.library = library;
  }

  /** Admits; refusals are {@link ApiException}s naming the field. */
  public CompletableFuture<TwinCommand.Summary> admit(AdmitRequest r, Actor actor) {
    if (r.patientId() == null || !r.patientId().matches("[A-Za-z0-9._-]{1,64}")) {
      throw ApiException.invalid("patientId", "patientId must be 1-64 letters, digits, '.', '_' or '-', was '"
          + r.patientId() + "'");
    }
    if (r.model() == null) {
      throw ApiException.invalid("model", "model is required: bergman-insulin, norepinephrine-map or vancomycin-goti2018");
    }
    if (r.careArea() == null || r.careArea().isBlank()) {
      throw ApiException.invalid("careArea", "careArea is required (a drug library care area, e.g. adult-icu)");
    }
    if (r.covariates() == null) {
      throw ApiException.invalid("covariates", "covariates are required (at least weightKg)");
    }
    TwinKind kind;
    try {
      kind = TwinKind.of(r.model());
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("model", e.getMessage());
    }
    Map<String, Double> cov = covariates(r.covariates());
    // Milliseconds: what the database keeps, so that the registry and the twin agree to the instant.
    Instant admittedAt = (r.admittedAt() != null ? r.admittedAt() : twins.clock().instant())
        .truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    ApiException.requireNotAhead("admittedAt", admittedAt, twins.clock().instant());
    Double low = r.targetBand() == null ? null : r.targetBand().low();
    Double high = r.targetBand() == null ? null : r.targetBand().high();
    String bed = r.bed() == null ? "" : r.bed();
    // Everything is checked before anything is written: the twin can be built for this admission.
    try {
      PatientTwin.create(TwinState.specOf(new TwinEvent.Admitted(admittedAt, actor.subject(), r.patientId(), bed,
          kind.name(), r.careArea(), cov, admittedAt, r.initialValue(), low, high)), library);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(null, "cannot admit to a " + kind.modelId() + " twin: " + e.getMessage());
    }
    registry.admit(new Admission(r.patientId(), r.bed(), kind.modelId(), kind.drug(), r.careArea(),
        cov.get("WEIGHT_KG"), admittedAt), actor);
    return twins.<TwinCommand.Summary>ask(r.patientId(), reply -> new TwinCommand.Admit(bed,
        kind.name(), r.careArea(), cov, admittedAt, r.initialValue(), low, high, actor.subject(), reply), Duration.ZERO);
  }

  static Map<String, Double> covariates(AdmitRequest.Covariates c) {
    Map<String, Double> m = new LinkedHashMap<>();
    put(m, "WEIGHT_KG", c.weightKg(), "weightKg", 0.3, 500);
    put(m, "HEIGHT_CM", c.heightCm(), "heightCm", 20, 260);
    put(m, "AGE_YEARS", c.ageYears(), "ageYears", 0, 120);
    put(m, "CREATININE_CLEARANCE_ML_PER_MIN", c.creatinineClearanceMlPerMin(), "creatinineClearanceMlPerMin", 0, 400);
    if (c.sex() != null) {
      switch (c.sex()) {
        case "female" -> m.put("FEMALE", 1.0);
        case "male" -> m.put("FEMALE", 0.0);
        default -> throw ApiException.invalid("covariates.sex", "sex must be 'female' or 'male', was '" + c.sex() + "'");
      }
    }
    if (c.diabetic() != null) {
      m.put("DIABETIC", c.diabetic() ? 1.0 : 0.0);
    }
    if (c.haemodialysis() != null) {
      m.put("HAEMODIALYSIS", c.haemodialysis() ? 1.0 : 0.0);
    }
    return m;
  }

  private static void put(Map<String, Double> m, String key, Double v, String field, double lo, double hi) {
    if (v == null) {
      return;
    }
    if (!Double.isFinite(v) || v < lo || v > hi) {
      throw ApiException.invalid("covariates." + field, field + " must be within [" + lo + ", " + hi + "], was " + v);
    }
    m.put(key, v);
  }

}
