package org.icutwin.server.twin.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.icutwin.control.twin.Interval;
import org.icutwin.control.twin.PredictionPoint;
import org.icutwin.control.twin.ProposalDraft;
import org.icutwin.control.twin.TwinView;
import org.icutwin.server.twin.TwinCommand;
import org.icutwin.server.twin.TwinEvent;
import org.icutwin.server.twin.TwinState;

/** The JSON shapes of the twin API (docs/api.md), mapped from the twin's own records. */
public final class Views {

  private Views() {
  }

  @Serdeable
  public record Reason(String code, String text) {
  }

  @Serdeable
  public record Band(Instant time, double mean, double lower90, double upper90) {
  }

  @Serdeable
  public record Value(String name, String unit, double value, double lower90, double upper90) {
  }

  /** The twin's estimate at a data time: the controlled quantity, latent states and parameters (medians, 90%). */
  @Serdeable
  public record EstimatePoint(Instant time, Value output, List<Value> states, List<Value> parameters) {
  }

  static EstimatePoint estimate(org.icutwin.server.twin.TwinEvent.ParametersUpdated p) {
    return new EstimatePoint(p.dataTime(), value(p.output()), p.states().stream().map(Views::value).toList(),
        p.parameters().stream().map(Views::value).toList());
  }

  static Value value(org.icutwin.server.twin.TwinEvent.Estimated e) {
    return new Value(e.name(), e.unit(), e.value(), e.lower90(), e.upper90());
  }

  @Serdeable
  public record Step(Instant start, double rate) {
  }

  @Serdeable
  public record Regimen(@Nullable Double loadingDoseMg, double doseMg, double intervalH, double infusionH,
      Instant firstDoseAt) {
  }

  @Serdeable
  public record Decision(String decision, String clinician, String role, String reason, @Nullable Double value,
      @Nullable String unit, boolean softLimitOverride, @Nullable String orderId, Instant decidedAt) {
  }

  @Serdeable
  public record Proposal(String id, String patientId, String status, String drug, String kind,
      @Nullable Double proposedValue, @Nullable String proposedUnit, @Nullable Double currentValue,
      @Nullable String currentUnit, @Nullable Regimen regimen, List<Step> plan, Instant issuedAt, Instant expiresAt,
      String safetyOutcome, boolean overrideRequired, List<Reason> reasons, List<Reason> safetyReasons,
      @Nullable Double dextroseMmol, Instant nextMeasurementAt, String output, String outputUnit,
      List<Band> underProposal, List<Band> continueAsNow, String modelId, Map<String, Double> parameters,
      List<String> observationIds, @Nullable Decision clinicianDecision, List<FeedAdvice> feedAdvice) {
  }

  /**
   * Nutrition advice that comes with a glucose proposal: change {@code drug} from {@code current} to
   * {@code advised} g/h of glucose ({@code goal}: the prescribed rate); accepted with the proposal,
   * carried out on the feeding pump, which reports it. {@code safetyReasons}: why the safety envelope
   * clipped the advised rate to the drug library's limits (empty when it passed as advised).
   */
  @Serdeable
  public record FeedAdvice(String drug, double current, double advised, double goal, String unit, Reason reason,
      List<Reason> safetyReasons) {
  }

  /**
   * A dose checked against the drug library without deciding.
   *
   * @param allowed it may be ordered as typed (with the reason given, if any)
   * @param overrideRequired a soft limit is exceeded and no reason was given
   * @param reasons the safety findings (empty: within every limit)
   */
  @Serdeable
  public record DoseCheck(double value, String unit, boolean allowed, boolean overrideRequired, List<Reason> reasons,
      String message) {
  }

  /**
   * An alert; {@code acknowledgedBy}, {@code acknowledgedAt} and {@code acknowledgementNote} are null
   * until a clinician acknowledges it.
   */
  @Serdeable
  public record Alert(String id, String code, String severity, String detail, Instant raisedAt,
      @Nullable String acknowledgedBy, @Nullable Instant acknowledgedAt, @Nullable String acknowledgementNote) {
  }

  @Serdeable
  public record Device(String deviceId, Instant boundFrom) {
  }

  /**
   * A recorded reading. {@code revises} names the result a laboratory correction replaces (null for a
   * first report); a replaced or withdrawn result keeps its point, not applied, with reason
   * {@code SUPERSEDED} or {@code WITHDRAWN}.
   */
  @Serdeable
  public record Point(Instant time, String quantity, double value, String unit, String sensorClass, boolean applied,
      String reason, String messageId, String revises) {
  }

  @Serdeable
  public record Patient(String patientId, String bed, String kind, String drug, String quantity, String careArea,
      Map<String, Double> covariates, Instant admittedAt, boolean discharged, List<Device> devices, Instant dataTime,
      @Nullable Instant watermark, long itemsRecorded, List<Proposal> pending, List<Alert> alerts, @Nullable Point latest,
      @Nullable Target target, Instant serverTime) {
  }

  /**
   * The controller's target band and the risk limit it keeps away from.
   *
   * @param riskAbove the risk is being above {@code riskLimit} (vancomycin), else below it (hypoglycaemia)
   */
  @Serdeable
  public record Target(String output, String unit, double low, double high, double riskLimit, boolean riskAbove) {
  }

  @Serdeable
  public record Twin(Patient patient, Instant asOf, String modelId, Value output, List<Value> states,
      List<Value> parameters, @Nullable Instant lastMeasurementAt, String drift, String identifiability, int applied,
      int rejected) {
  }

  @Serdeable
  public record Forecast(String patientId, Instant asOf, List<Band> points) {
  }

  /**
   * One regimen's predicted outcome. For vancomycin the band is the serum concentration (mg/L),
   * {@code fractionInBand} the mean probability of an AUC24 in band over the target days,
   * {@code probabilityBelowThreshold} the largest probability of an AUC24 below it, and
   * {@code auc24} the target days themselves; for infusions {@code auc24} is empty.
   */
  @Serdeable
  public record WhatIfOutcome(String name, List<Band> band, double fractionInBand, double probabilityBelowThreshold,
      List<AucWindow> auc24, List<String> hardLimitBreaches) {
  }

  /** AUC24 over one 24-h window from {@code start}, mg·h/L, with its 90% interval and probabilities. */
  @Serdeable
  public record AucWindow(Instant start, double auc24, double lower90, double upper90, double probabilityInBand,
      double probabilityBelowBand, double probabilityAboveToxic) {
  }

  static WhatIfOutcome whatIf(org.icutwin.control.twin.WhatIf.Outcome o) {
    return new WhatIfOutcome(o.name(), o.band().stream().map(Views::band).toList(), o.fractionInBand(),
        o.probabilityBelowThreshold(), o.auc24().stream().map(w -> new AucWindow(w.start(), w.auc24(), w.lower90(),
            w.upper90(), w.probabilityInBand(), w.probabilityBelowBand(), w.probabilityAboveToxic())).toList(),
        o.hardLimitBreaches());
  }

  @Serdeable
  public record History(String patientId, List<Point> points, List<Proposal> proposals, List<Alert> alerts,
      List<Dose> doses) {
  }

  static Value value(Interval i) {
    return new Value(i.name(), i.unit(), i.value(), i.lower90(), i.upper90());
  }

  static Band band(PredictionPoint p) {
    return new Band(p.time(), p.mean(), p.lower90(), p.upper90());
  }

  /**
   * The forecast as bands, or a 409 when any number in it is not finite: JSON has no NaN, and a
   * forecast that has left the numbers is not one to show (the safety envelope withholds on it too).
   */
  static List<Band> finiteBands(List<PredictionPoint> points) {
    for (PredictionPoint p : points) {
      if (!p.isFinite()) {
        throw org.icutwin.server.api.ApiException.conflict("the twin's forecast at " + p.time()
            + " is not finite: no forecast is shown (see the patient's alerts; proposals are withheld on it)");
      }
    }
    return points.stream().map(Views::band).toList();
  }

  /**
   * A dose or rate change recorded (pump, FHIR or by hand), in the drug library's unit; a rate holds
   * until the next one of the same drug.
   *
   * @param kind {@code rate} or {@code bolus}
   * @param applied whether the twin took it into its model (false: recorded only, see {@code reason})
   */
  @Serdeable
  public record Dose(Instant time, String drug, String kind, double amount, String unit, boolean applied, String reason,
      String messageId, String by, String basedOn) {
  }

  static Dose dose(TwinState.DosePoint d) {
    return new Dose(d.time(), d.drug(), d.bolus() ? "bolus" : "rate", d.amount(), d.unit(), d.applied(),
        d.reason() == null ? "" : d.reason(), d.messageId(), d.by(), d.basedOn());
  }

  static Point point(TwinState.Point p) {
    return p == null ? null : new Point(p.time(), p.quantity(), p.value(), p.unit(), p.sensorClass(), p.applied(),
        p.reason(), p.messageId(), p.revises());
  }

  static Alert alert(TwinEvent.AlertRaised a, @Nullable TwinState.Acknowledgement k) {
    return new Alert(a.alertId(), a.code(), a.severity(), a.detail(), a.recordedAt(), k == null ? null : k.by(),
        k == null ? null : k.at(), k == null ? null : k.note());
  }

  static List<Alert> alerts(List<TwinEvent.AlertRaised> alerts, Map<String, TwinState.Acknowledgement> acks) {
    Map<String, TwinState.Acknowledgement> known = acks == null ? Map.of() : acks;
    return alerts.stream().map(a -> alert(a, known.get(a.alertId()))).toList();
  }

  static Proposal proposal(String patientId, TwinState.ProposalRecord r) {
    ProposalDraft d = r.draft();
    TwinEvent.RecommendationDecided x = r.decision();
    return new Proposal(r.proposalId(), patientId, r.status(), d.drug(), d.kind().name(),
        d.proposed().map(q -> q.value()).orElse(null), d.proposed().map(q -> q.unit()).orElse(null),
        d.current().map(q -> q.value()).orElse(null), d.current().map(q -> q.unit()).orElse(null),
        d.regimen().map(g -> new Regimen(g.loadingDoseMg().isPresent() ? g.loadingDoseMg().getAsDouble() : null,
            g.doseMg(), g.intervalH(), g.infusionH(), g.firstDoseAt())).orElse(null),
        d.plan().stream().map(s -> new Step(s.start(), s.rate())).toList(), d.issuedAt(), d.expiresAt(), d.decision(),
        d.overrideRequired(), d.reasons().stream().map(ReasonTexts::reason).toList(),
        d.safetyReasons().stream().map(ReasonTexts::reason).toList(),
        d.dextroseMmol().isPresent() ? d.dextroseMmol().getAsDouble() : null, d.nextMeasurementAt(), d.outputName(),
        d.outputUnit(), d.underProposal().stream().map(Views::band).toList(),
        d.continueAsNow().stream().map(Views::band).toList(), d.modelId(), d.parameters(), r.observationIds(),
        x == null ? null : new Decision(x.decision(), x.actor(), x.role(), x.reason(), x.value(), x.unit(),
            x.softLimitOverride(), x.orderId(), x.recordedAt()),
        d.feedAdvice().stream().map(f -> new FeedAdvice(f.drug(), f.current(), f.advised(), f.goal(), "g/h",
            ReasonTexts.reason(f.reason()), f.safetyReasons().stream().map(ReasonTexts::reason).toList())).toList());
  }

  static Patient patient(TwinCommand.Summary s, Instant now) {
    TwinEvent.Admitted a = s.admission();
    String pid = a.patientId();
    org.icutwin.control.twin.TwinKind kind = org.icutwin.control.twin.TwinKind.valueOf(a.kind());
    return new Patient(pid, a.bed(), a.kind(), kind.drug(), kind.quantity(),
        a.careArea(), a.covariates(), a.admittedAt(), s.discharged(),
        s.devices().values().stream().map(b -> new Device(b.deviceId(), b.from())).toList(), s.dataTime(),
        Instant.EPOCH.equals(s.watermark()) ? null : s.watermark(), s.itemsRecorded(), s.pending().stream().map(p -> proposal(pid, p)).toList(),
        alerts(s.alerts(), s.acknowledgements()), point(s.latest()), s.target() == null ? null
        : new Target(s.target().output(), s.target().unit(), s.target().low(), s.target().high(), s.target().riskLimit(),
        s.target().riskAbove()), now);
  }

  static Twin twin(TwinCommand.Description d, Instant now) {
    TwinView v = d.view();
    return new Twin(patient(d.summary(), now), v.asOf(), v.modelId(), value(v.output()),
        v.states().stream().map(Views::value).toList(), v.parameters().stream().map(Views::value).toList(),
        v.lastMeasurementAt().orElse(null), v.drift(), v.identifiability(), v.applied(), v.rejected());
  }
}
