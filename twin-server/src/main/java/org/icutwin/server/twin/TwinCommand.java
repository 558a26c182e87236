package org.icutwin.server.twin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;
import org.icutwin.control.twin.PredictionPoint;
import org.icutwin.control.twin.TwinView;
import org.icutwin.gateway.ingest.IngestItem;
import org.icutwin.server.cluster.CborSerializable;

/** What a patient's twin actor is asked to do; each is answered with a {@link StatusReply}. */
public sealed interface TwinCommand extends CborSerializable {

  /** Admit the patient (creates the twin). */
  record Admit(String bed, String kind, String careArea, Map<String, Double> covariates, Instant admittedAt,
      Double initialValue, Double bandLow, Double bandHigh, String actor, ActorRef<StatusReply<Summary>> replyTo)
      implements TwinCommand {
  }

  record Bind(String deviceId, Instant from, String actor, ActorRef<StatusReply<Summary>> replyTo)
      implements TwinCommand {
  }

  record Unbind(String deviceId, Instant at, String actor, ActorRef<StatusReply<Summary>> replyTo)
      implements TwinCommand {
  }

  /** A normalised item that the ingest store has durably recorded. */
  record Ingest(IngestItem item, ActorRef<StatusReply<String>> replyTo) implements TwinCommand {
  }

  /** Declares that everything up to {@code through} has been sent. */
  record Barrier(Instant through, String actor, ActorRef<StatusReply<Summary>> replyTo) implements TwinCommand {
  }

  /** The twin as of a time (null: as of its newest data, no waiting). */
  record Describe(Instant asOf, Duration maxWait, ActorRef<StatusReply<Description>> replyTo) implements TwinCommand {
  }

  record GetForecast(Instant asOf, Duration horizon, Duration maxWait, ActorRef<StatusReply<List<PredictionPoint>>> replyTo)
      implements TwinCommand {
  }

  /** Alternative regimens' predicted outcomes, side by side (the twin is not changed). */
  record AskWhatIf(Instant asOf, Duration horizon, List<org.icutwin.control.twin.WhatIf.Regimen> regimens,
      Duration maxWait, ActorRef<StatusReply<List<org.icutwin.control.twin.WhatIf.Outcome>>> replyTo)
      implements TwinCommand {
  }

  /** Compute and issue a proposal as of a time (null: as of the newest data). */
  record Recommend(Instant asOf, Duration maxWait, String actor, ActorRef<StatusReply<TwinState.ProposalRecord>> replyTo)
      implements TwinCommand {
  }

  record GetSummary(ActorRef<StatusReply<Summary>> replyTo) implements TwinCommand {
  }

  record GetProposals(ActorRef<StatusReply<List<TwinState.ProposalRecord>>> replyTo) implements TwinCommand {
  }

  /**
   * A clinician's decision on a proposal.
   *
   * @param decision ACCEPT, MODIFY or REJECT
   * @param value the modified rate or dose (MODIFY only), in {@code unit}
   */
  record Decide(String proposalId, String decision, Double value, String unit, String reason, String actor,
      String role, ActorRef<StatusReply<TwinState.ProposalRecord>> replyTo) implements TwinCommand {
  }

  /**
   * Checks a rate or dose a clinician is typing for a proposal against the drug library, as a
   * MODIFY would, without deciding anything (the dashboard checks as the clinician types).
   */
  record CheckDose(String proposalId, Double value, String unit, String reason, String actor,
      ActorRef<StatusReply<org.icutwin.control.twin.ClinicianCheck>> replyTo) implements TwinCommand {
  }

  /** A clinician acknowledges an alert; the reply is the alert with its acknowledgement. */
  record AcknowledgeAlert(String alertId, String note, String actor, String role,
      ActorRef<StatusReply<AcknowledgedAlert>> replyTo) implements TwinCommand {
  }

  /** An alert and who acknowledged it. */
  record AcknowledgedAlert(TwinEvent.AlertRaised alert, TwinState.Acknowledgement acknowledgement)
      implements CborSerializable {
  }

  record GetHistory(Instant from, Instant to, ActorRef<StatusReply<History>> replyTo) implements TwinCommand {
  }

  /** The recorded estimates with data time in [from, to] (nulls: unbounded). */
  record GetEstimates(Instant from, Instant to, ActorRef<StatusReply<List<TwinEvent.ParametersUpdated>>> replyTo)
      implements TwinCommand {
  }

  record Discharge(Instant at, String actor, ActorRef<StatusReply<Summary>> replyTo) implements TwinCommand {
  }

  /** Sent on server start to every admitted patient so its twin recovers and catches up. */
  record Wake() implements TwinCommand {
  }

  /** Internal: a waiting question timed out. */
  record WaitTimeout(long waiterId) implements TwinCommand {
  }

  /** Internal: items read back from the ingest store after recovery. */
  record CaughtUp(List<IngestItem> items) implements TwinCommand {
  }

  /**
   * An item was refused by the ingest store because its message id was recorded before, for
   * {@code recorded}, with other content (a device whose message counter restarted, a corrected
   * result sent under the original id). No reply: the twin raises an alert.
   */
  record IdConflict(IngestItem refused, IngestItem recorded) implements TwinCommand {
  }

  /** Internal, on a timer: look in the ingest store for recorded items that never reached the twin. */
  record SweepInbox() implements TwinCommand {
  }

  /**
   * Internal: what a sweep read back, the items received from its start up to {@code until}
   * (exclusive); {@code until} is where the next sweep starts (less its overlap).
   */
  record Swept(List<IngestItem> items, java.time.Instant until, boolean failed) implements TwinCommand {
  }

  /** The patient in short: admission, bindings, pending proposals, alerts, data time. */
  record Summary(String patientId, TwinEvent.Admitted admission, boolean discharged, Map<String, TwinState.Binding> devices,
      Instant dataTime, Instant watermark, List<TwinState.ProposalRecord> pending, List<TwinEvent.AlertRaised> alerts,
      TwinState.Point latest, org.icutwin.control.twin.Target target, long itemsRecorded,
      Map<String, TwinState.Acknowledgement> acknowledgements) implements CborSerializable {
  }

  /** The twin's description plus what it rests on. */
  record Description(Summary summary, TwinView view) implements CborSerializable {
  }

  /** Recorded data and proposals over a time range. */
  record History(List<TwinState.Point> points, List<TwinState.ProposalRecord> proposals,
      List<TwinEvent.AlertRaised> alerts, List<TwinState.DosePoint> doses,
      Map<String, TwinState.Acknowledgement> acknowledgements) implements CborSerializable {
  }
}
