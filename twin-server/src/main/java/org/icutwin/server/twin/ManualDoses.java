package org.icutwin.server.twin;

import java.util.Locale;
import java.util.UUID;
import org.icutwin.gateway.ingest.AdministrationRecord;
import org.icutwin.gateway.ingest.IngestStore;
import org.icutwin.gateway.ingest.Normaliser;
import org.icutwin.gateway.ingest.RawAdministration;
import org.icutwin.gateway.ingest.RejectedException;
import org.icutwin.gateway.ingest.Source;
import org.icutwin.server.api.ApiException;
import org.icutwin.server.twin.api.DoseRequest;

/** Doses recorded by clinicians through the REST API: the same checks and store as device doses. */
public final class ManualDoses {

  private final Normaliser normaliser;
  private final IngestStore store;

  public ManualDoses(Normaliser normaliser, IngestStore store) {
    this.normaliser = normaliser;
    this.store = store;
  }

  /**
   * Records the dose; returns {@code RECORDED} or {@code DUPLICATE} (the same dose under the same
   * message id). Another dose under a recorded message id is a 409.
   */
  public String record(String patientId, DoseRequest r, String clinician) {
    if (r.kind() == null) {
      throw ApiException.invalid("kind", "kind is required: rate or bolus");
    }
    AdministrationRecord.Kind kind = switch (r.kind().toLowerCase(Locale.ROOT)) {
      case "rate" -> AdministrationRecord.Kind.RATE;
      case "bolus" -> AdministrationRecord.Kind.BOLUS;
      default -> throw ApiException.invalid("kind", "kind must be 'rate' or 'bolus', was '" + r.kind() + "'");
    };
    if (r.amount() == null) {
      throw ApiException.invalid("amount", "amount is required");
    }
    if (r.time() == null) {
      throw ApiException.invalid("time", "time is required: when the dose was given or the rate set (ISO-8601)");
    }
    String id = r.messageId() != null ? r.messageId() : "manual-" + UUID.randomUUID();
    try {
      AdministrationRecord n = normaliser.administration(new RawAdministration(id, null, patientId, r.drug(), kind,
          r.amount(), r.unit(), r.time(), Source.REST, r.basedOn()));
      // Charted by hand: the clinician is who reported it (the journal's actor, the history's "by").
      AdministrationRecord rec = new AdministrationRecord(n.messageId(), n.patientId(), "clinician:" + clinician,
          n.drug(), n.kind(), n.amount(), n.unit(), n.originalAmount(), n.originalUnit(), n.effectiveTime(),
          n.receivedTime(), n.source(), n.basedOn());
      IngestStore.Outcome outcome = store.record(rec);
      if (outcome == IngestStore.Outcome.CONFLICT) {
        throw ApiException.conflict("ID_CONFLICT: messageId '" + id + "' was recorded before with a different dose"
            + " (another drug, amount, kind, time, patient, clinician or order reference), so this one was not"
            + " recorded: give each dose a new messageId, or leave it out and the server assigns one");
      }
      return outcome.name();
    } catch (RejectedException e) {
      String field = switch (e.rejection().reason()) {
        case UNKNOWN_UNIT, WRONG_UNIT -> "unit";
        case UNKNOWN_DRUG -> "drug";
        case NOT_FINITE, OUT_OF_RANGE -> "amount";
        case FUTURE_TIMESTAMP -> "time";
        case UNKNOWN_PATIENT -> null;
        default -> null;
      };
      if (e.rejection().reason() == org.icutwin.gateway.ingest.RejectReason.UNKNOWN_PATIENT) {
        throw ApiException.notFound(e.rejection().detail());
      }
      throw ApiException.invalid(field, e.rejection().reason() + ": " + e.rejection().detail());
    }
  }
}
