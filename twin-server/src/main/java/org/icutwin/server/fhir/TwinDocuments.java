package org.icutwin.server.fhir;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.icutwin.control.mpc.MpcConfig;
import org.icutwin.control.twin.PredictionPoint;
import org.icutwin.control.twin.ProposalDraft;
import org.icutwin.control.twin.TwinKind;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.druglib.DrugLibraryEntry;
import org.icutwin.gateway.fhir.AlertDocument;
import org.icutwin.gateway.fhir.ForecastDocument;
import org.icutwin.gateway.fhir.OrderDocument;
import org.icutwin.gateway.fhir.ProposalDocument;
import org.icutwin.gateway.ingest.CodeTable;
import org.icutwin.gateway.ingest.MeasurementCode;
import org.icutwin.server.twin.TwinEvent;
import org.icutwin.server.twin.TwinState;
import org.icutwin.server.twin.api.ReasonTexts;

/**
 * Turns what a twin recorded (proposals, decisions, alerts, forecasts) into twin-gateway's FHIR
 * documents, which {@link org.icutwin.gateway.fhir.FhirOutMapper} encodes. Pure and thread-safe.
 *
 * <p>Ids are stable: a proposal's MedicationRequest id is the proposal id, an order's is the
 * decision's order id, a DetectedIssue's the alert id. The twin's Device is {@code twin-{patient}};
 * the model version is the server's version (the model catalogue ships with it).
 */
@Singleton
public class TwinDocuments {

  private static final double Z90 = new NormalDistribution().inverseCumulativeProbability(0.95);

  private final DrugLibrary library;
  private final CodeTable codes = CodeTable.standard();

  public TwinDocuments(DrugLibrary library) {
    this.library = library;
  }

  /** The Device id of a patient's twin. */
  public static String twinDevice(String patientId) {
    return "twin-" + patientId;
  }

  /** The proposal, or empty when the safety envelope withheld it (nothing to request). */
  public Optional<ProposalDocument> proposal(String patientId, TwinState.ProposalRecord r) {
    ProposalDraft d = r.draft();
    if (d.proposed().isEmpty()) {
      return Optional.empty();
    }
    var reasons = new java.util.ArrayList<ProposalDocument.Reason>(java.util.stream.Stream.concat(d.reasons().stream(),
        d.safetyReasons().stream()).map(ReasonTexts::reason).map(x -> new ProposalDocument.Reason(x.code(), x.text()))
        .toList());
    // Nutrition and dextrose advice travel with the insulin proposal as a coded reason that states the change.
    for (ProposalDraft.FeedAdvice f : d.feedAdvice()) {
      reasons.add(new ProposalDocument.Reason(f.reason(), String.format(Locale.ROOT,
          "%s: from %.1f to %.1f g/h of glucose (%s %.1f g/h): %s%s", f.drug(), f.current(), f.advised(),
          f.drug().equals("dextrose") ? "clinician's own rate" : "prescribed", f.goal(),
          ReasonTexts.reason(f.reason()).text(), f.safetyReasons().isEmpty() ? ""
              : "; limited by the drug library: " + String.join(", ", f.safetyReasons().stream()
                  .map(c -> ReasonTexts.reason(c).text()).toList()))));
    }
    return Optional.of(new ProposalDocument(r.proposalId(), patientId, d.drug(), drugDisplay(d.drug()), kind(d),
        d.proposed().get().value(), d.proposed().get().unit(), d.issuedAt(), d.expiresAt(), reasons,
        r.observationIds(), predicted(d), d.modelId(), FhirVersion.SOFTWARE, twinDevice(patientId)));
  }

  /** The clinician's order for an accepted or modified proposal; empty for a pending or rejected one. */
  public Optional<OrderDocument> order(String patientId, TwinState.ProposalRecord r) {
    TwinEvent.RecommendationDecided x = r.decision();
    if (x == null || x.orderId() == null || x.value() == null || x.unit() == null) {
      return Optional.empty();
    }
    OrderDocument.Decision decision = switch (x.decision()) {
      case "ACCEPT" -> OrderDocument.Decision.ACCEPT;
      case "MODIFY" -> OrderDocument.Decision.MODIFY;
      default -> null;
    };
    if (decision == null) {
      return Optional.empty();
    }
    String reason = x.reason() == null || x.reason().isBlank()
        ? (decision == OrderDocument.Decision.MODIFY ? "no reason recorded" : null) : x.reason();
    return Optional.of(new OrderDocument(x.orderId(), r.proposalId(), patientId, r.draft().drug(),
        drugDisplay(r.draft().drug()), kind(r.draft()), decision, x.actor(), x.value(), x.unit(), x.recordedAt(),
        reason));
  }

  /**
   * A twin's safety alert: critical is high severity, warning moderate, anything else low; with the
   * clinician's acknowledgement when there is one ({@code ack} null: none).
   */
  public AlertDocument alert(String patientId, TwinEvent.AlertRaised a, TwinState.Acknowledgement ack) {
    AlertDocument.Severity severity = switch (a.severity().toLowerCase(Locale.ROOT)) {
      case "critical", "high" -> AlertDocument.Severity.HIGH;
      case "warning", "moderate" -> AlertDocument.Severity.MODERATE;
      default -> AlertDocument.Severity.LOW;
    };
    String title = a.code().toLowerCase(Locale.ROOT).replace('_', ' ');
    return new AlertDocument(a.alertId(), patientId, a.code(), title, a.detail(), severity, a.recordedAt(),
        List.of(), twinDevice(patientId), ack == null ? null : new AlertDocument.Acknowledgement(ack.by(), ack.at(),
            ack.note()));
  }

  /**
   * A forecast of the controlled quantity with the probability of leaving the target band at each
   * time, or empty when the twin has no band in the forecast's unit (vancomycin: the band is on
   * AUC24, the forecast on concentration) or the forecast is not finite.
   *
   * <p>The probability uses a normal approximation whose standard deviation is the 90% interval's
   * half-width over z(0.95); the median is the predicted mean, kept inside the interval.
   */
  public Optional<ForecastDocument> forecast(String patientId, TwinEvent.Admitted admission,
      List<PredictionPoint> points, List<String> basis, Instant issued) {
    TwinKind kind = TwinKind.valueOf(admission.kind());
    Optional<double[]> band = band(kind, admission);
    Optional<MeasurementCode> code = codes.entries().stream().filter(c -> c.quantity().equals(kind.quantity()))
        .findFirst();
    if (band.isEmpty() || code.isEmpty()) {
      return Optional.empty();
    }
    if (!points.stream().allMatch(PredictionPoint::isFinite)) {
      return Optional.empty(); // a forecast that has left the numbers is not one (the safety envelope withholds on it)
    }
    double low = band.get()[0];
    double high = band.get()[1];
    List<ForecastDocument.Point> out = points.stream().map(p -> point(p, low, high)).toList();
    String id = UUID.nameUUIDFromBytes((patientId + "|forecast|" + issued).getBytes(StandardCharsets.UTF_8))
        .toString();
    return Optional.of(new ForecastDocument(id, patientId, code.get().code(), code.get().display(),
        code.get().canonicalUnit(), low, high, issued, out, basis, kind.modelId(), FhirVersion.SOFTWARE,
        twinDevice(patientId)));
  }

  /** The band the admission set, else the twin's default (glucose: the MPC's, MAP: 65-75 mm[Hg]). */
  static Optional<double[]> band(TwinKind kind, TwinEvent.Admitted a) {
    if (kind == TwinKind.VANCOMYCIN) {
      return Optional.empty();
    }
    if (a.bandLow() != null && a.bandHigh() != null) {
      return Optional.of(new double[] {a.bandLow(), a.bandHigh()});
    }
    return switch (kind) {
      case GLUCOSE_INSULIN -> Optional.of(new double[] {MpcConfig.insulin().bandLow(), MpcConfig.insulin().bandHigh()});
      // Mirrors InfusionTwin's norepinephrine default.
      case NOREPINEPHRINE_MAP -> Optional.of(new double[] {65, 75});
      case VANCOMYCIN -> Optional.empty();
    };
  }

  static ForecastDocument.Point point(PredictionPoint p, double low, double high) {
    double lo = Math.min(p.lower90(), p.upper90());
    double hi = Math.max(p.lower90(), p.upper90());
    double median = Math.max(lo, Math.min(hi, p.mean()));
    double sd = (hi - lo) / (2 * Z90);
    double out;
    if (sd <= 0) {
      out = median < low || median > high ? 1 : 0;
    } else {
      NormalDistribution n = new NormalDistribution(null, median, sd);
      out = n.cumulativeProbability(low) + (1 - n.cumulativeProbability(high));
    }
    return new ForecastDocument.Point(p.time(), median, lo, hi, Math.max(0, Math.min(1, out)));
  }

  private static ProposalDocument.PredictedRange predicted(ProposalDraft d) {
    if (d.underProposal().isEmpty()) {
      return null;
    }
    Instant at = d.nextMeasurementAt() == null ? d.expiresAt() : d.nextMeasurementAt();
    PredictionPoint p = d.underProposal().stream()
        .min(Comparator.comparing(x -> Duration.between(x.time(), at).abs())).orElseThrow();
    return new ProposalDocument.PredictedRange(d.outputName(), p.lower90(), p.upper90(), d.outputUnit(), p.time());
  }

  private static ProposalDocument.DoseKind kind(ProposalDraft d) {
    return d.kind() == ProposalDraft.Kind.RATE ? ProposalDocument.DoseKind.RATE : ProposalDocument.DoseKind.DOSE;
  }

  private String drugDisplay(String drug) {
    return library.entries().stream().filter(e -> e.drug().equals(drug)).map(DrugLibraryEntry::displayName)
        .findFirst().orElse(drug);
  }
}
