package org.icutwin.server.twin;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.icutwin.control.twin.ProposalDraft;
import org.icutwin.server.cluster.CborSerializable;

/**
 * What happened to a patient's twin: the journal, and so the audit trail. Replaying these events
 * through {@link TwinState#apply} rebuilds the twin exactly (observations and doses are re-fed to
 * the deterministic {@link org.icutwin.control.twin.PatientTwin}; proposals are restored as issued,
 * never recomputed).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = TwinEvent.Admitted.class, name = "admitted"),
    @JsonSubTypes.Type(value = TwinEvent.DeviceBound.class, name = "device-bound"),
    @JsonSubTypes.Type(value = TwinEvent.DeviceUnbound.class, name = "device-unbound"),
    @JsonSubTypes.Type(value = TwinEvent.ObservationRecorded.class, name = "observation-recorded"),
    @JsonSubTypes.Type(value = TwinEvent.DoseAdministered.class, name = "dose-administered"),
    @JsonSubTypes.Type(value = TwinEvent.RecommendationIssued.class, name = "recommendation-issued"),
    @JsonSubTypes.Type(value = TwinEvent.RecommendationDecided.class, name = "recommendation-decided"),
    @JsonSubTypes.Type(value = TwinEvent.RecommendationExpired.class, name = "recommendation-expired"),
    @JsonSubTypes.Type(value = TwinEvent.AlertRaised.class, name = "alert-raised"),
    @JsonSubTypes.Type(value = TwinEvent.AlertAcknowledged.class, name = "alert-acknowledged"),
    @JsonSubTypes.Type(value = TwinEvent.BarrierReached.class, name = "barrier"),
    @JsonSubTypes.Type(value = TwinEvent.Discharged.class, name = "discharged"),
    @JsonSubTypes.Type(value = TwinEvent.ParametersUpdated.class, name = "parameters-updated")})
public sealed interface TwinEvent extends CborSerializable {

  /** When it was recorded (server time). */
  Instant recordedAt();

  /** Who caused it: a user id, a device id, or {@code twin} for the twin's own decisions. */
  String actor();

  /**
   * The patient was admitted and the twin created.
   *
   * @param covariates covariate name (enum constant of {@code Covariate}) to value
   */
  /**
   * A patient was admitted to a twin. {@code lateWindowMin} is the late window the twin filters with,
   * fixed at admission so that a replay filters as the live twin did even after the server's
   * setting changed; null (journals written before it existed, and vancomycin) is the estimation
   * default of 30 min.
   */
  record Admitted(Instant recordedAt, String actor, String patientId, String bed, String kind, String careArea,
      Map<String, Double> covariates, Instant admittedAt, Double initialValue, Double bandLow, Double bandHigh,
      Double lateWindowMin) implements TwinEvent {

    /** An admission with the default late window. */
    public Admitted(Instant recordedAt, String actor, String patientId, String bed, String kind, String careArea,
        Map<String, Double> covariates, Instant admittedAt, Double initialValue, Double bandLow, Double bandHigh) {
      this(recordedAt, actor, patientId, bed, kind, careArea, covariates, admittedAt, initialValue, bandLow, bandHigh,
          null);
    }
  }

  record DeviceBound(Instant recordedAt, String actor, String deviceId, Instant from) implements TwinEvent {
  }

  record DeviceUnbound(Instant recordedAt, String actor, String deviceId, Instant at) implements TwinEvent {
  }

  /**
   * A measurement was recorded; {@code applied}/{@code reason} say what the twin did with it.
   * {@code revision} is null for a first report (and in journals written before revisions existed),
   * else {@code CORRECTION} (the value replaces the one first recorded under {@code revises}) or
   * {@code WITHDRAWAL} (that one was entered in error; {@code value} is not used). For a revision,
   * {@code applied} says whether the twin took it: a refused one ({@code REVISION_BEYOND_WINDOW},
   * {@code WITHDRAWN}, {@code UNKNOWN_ITEM}) left the twin as it was.
   */
  record ObservationRecorded(Instant recordedAt, String actor, String messageId, String deviceId, String source,
      String code, String quantity, String sensorClass, double value, String unit, boolean belowLoq,
      Instant effectiveTime, Instant receivedTime, boolean applied, String reason, String detail, String revision,
      String revises) implements TwinEvent {

    /** A first report. */
    public ObservationRecorded(Instant recordedAt, String actor, String messageId, String deviceId, String source,
        String code, String quantity, String sensorClass, double value, String unit, boolean belowLoq,
        Instant effectiveTime, Instant receivedTime, boolean applied, String reason, String detail) {
      this(recordedAt, actor, messageId, deviceId, source, code, quantity, sensorClass, value, unit, belowLoq,
          effectiveTime, receivedTime, applied, reason, detail, null, null);
    }

    /** Whether this corrects or withdraws an earlier result. */
    public boolean isRevision() {
      return revises != null;
    }

    /** Whether this withdraws the result first recorded under {@link #revises}. */
    public boolean isWithdrawal() {
      return "WITHDRAWAL".equals(revision);
    }
  }

  /**
   * A dose actually given (pump, FHIR, or recorded by a clinician). {@code revision} is null for a
   * first report, or {@code WITHDRAWAL}: the dose first recorded under {@code revises} was charted in
   * error ({@code amount} not used); {@code applied} then says whether the twin took it back.
   */
  record DoseAdministered(Instant recordedAt, String actor, String messageId, String deviceId, String source,
      String drug, boolean bolus, double amount, String unit, Instant effectiveTime, Instant receivedTime,
      String basedOn, boolean applied, String reason, String revision, String revises) implements TwinEvent {

    /** A first report. */
    public DoseAdministered(Instant recordedAt, String actor, String messageId, String deviceId, String source,
        String drug, boolean bolus, double amount, String unit, Instant effectiveTime, Instant receivedTime,
        String basedOn, boolean applied, String reason) {
      this(recordedAt, actor, messageId, deviceId, source, drug, bolus, amount, unit, effectiveTime, receivedTime,
          basedOn, applied, reason, null, null);
    }

    /** Whether this withdraws the dose first recorded under {@link #revises}. */
    public boolean isWithdrawal() {
      return revises != null;
    }
  }

  /** The twin proposed a dose (with the ids of the observations it rested on). */
  record RecommendationIssued(Instant recordedAt, String actor, String proposalId, ProposalDraft proposal,
      List<String> observationIds) implements TwinEvent {
  }

  /**
   * A clinician decided on a proposal.
   *
   * @param decision {@code ACCEPT}, {@code MODIFY} or {@code REJECT}
   * @param value the ordered rate or dose (accept: the proposal's; modify: the clinician's), null on reject
   */
  record RecommendationDecided(Instant recordedAt, String actor, String proposalId, String decision, String role,
      String reason, Double value, String unit, boolean softLimitOverride, String orderId) implements TwinEvent {
  }

  record RecommendationExpired(Instant recordedAt, String actor, String proposalId) implements TwinEvent {
  }

  /** A safety alert (drift, stale data, withheld proposal, ...). */
  record AlertRaised(Instant recordedAt, String actor, String alertId, String code, String severity, String detail)
      implements TwinEvent {
  }

  /**
   * A clinician acknowledged an alert: seen and dealt with; {@code note} says how (may be empty).
   * The alert stays in the record; the ward view no longer counts it as needing attention.
   */
  record AlertAcknowledged(Instant recordedAt, String actor, String alertId, String role, String note)
      implements TwinEvent {
  }

  /** A client declared that everything up to {@code through} has been sent (ingest barrier). */
  record BarrierReached(Instant recordedAt, String actor, Instant through) implements TwinEvent {
  }

  record Discharged(Instant recordedAt, String actor, Instant at) implements TwinEvent {
  }

  /** A quantity the twin estimates: its median (the output: predicted mean) and 90% interval. */
  record Estimated(String name, String unit, double value, double lower90, double upper90) {
  }

  /**
   * The twin's estimate as of {@code dataTime}, journaled whenever the data time has advanced the
   * configured interval since the last one, so the journal shows how the personalisation evolved.
   *
   * @param output the controlled quantity with its 90% interval
   * @param states latent states (medians, 90% intervals)
   * @param parameters personalised parameters (medians, 90% intervals)
   */
  record ParametersUpdated(Instant recordedAt, String actor, Instant dataTime, Estimated output,
      List<Estimated> states, List<Estimated> parameters) implements TwinEvent {
  }
}
