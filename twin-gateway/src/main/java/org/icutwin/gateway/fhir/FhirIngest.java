package org.icutwin.gateway.fhir;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Resource;
import org.icutwin.gateway.ingest.DeadLetter;
import org.icutwin.gateway.ingest.DeadLetterStore;
import org.icutwin.gateway.ingest.IngestItem;
import org.icutwin.gateway.ingest.IngestStore;
import org.icutwin.gateway.ingest.Normaliser;
import org.icutwin.gateway.ingest.RawAdministration;
import org.icutwin.gateway.ingest.RawItem;
import org.icutwin.gateway.ingest.RawObservation;
import org.icutwin.gateway.ingest.RejectReason;
import org.icutwin.gateway.ingest.RejectedException;
import org.icutwin.gateway.ingest.Rejection;
import org.icutwin.gateway.ingest.Source;

/**
 * The FHIR REST write path without the web framework: POST of an Observation or
 * MedicationAdministration, or of a transaction/batch Bundle, to a {@link FhirResponse}.
 *
 * <p>Order per resource: parse, validate (optional per call: the REST boundary validates, bulk or
 * trusted feeds may not), read, normalise every item, then record; a resource is recorded whole or
 * not at all. A refused payload goes to the dead-letter store. A transaction is refused whole when
 * any entry is refused (nothing recorded); a batch answers entry by entry. Re-posting a recorded
 * message is idempotent (200, nothing changes); posting other content under a recorded id is a 409
 * ({@link RejectReason#ID_CONFLICT}) and records nothing under that id. A transaction looks for
 * such conflicts before it records anything. The port {@link IngestStore} has no transactions,
 * so a crash in the middle of recording a transaction can leave its first entries recorded.
 */
public final class FhirIngest {

  private final FhirIngestReader reader;
  private final FhirValidation validation;
  private final Normaliser normaliser;
  private final IngestStore store;
  private final DeadLetterStore deadLetters;
  private final OperationOutcomes outcomes;
  private final Clock clock;

  /** {@code validation} may be null when no call will ask for validation. */
  public FhirIngest(FhirIngestReader reader, FhirValidation validation, Normaliser normaliser, IngestStore store,
      DeadLetterStore deadLetters, OperationOutcomes outcomes, Clock clock) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.validation = validation;
    this.normaliser = Objects.requireNonNull(normaliser, "normaliser");
    this.store = Objects.requireNonNull(store, "store");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.outcomes = Objects.requireNonNull(outcomes, "outcomes");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A resource that passed every check, or the issues that refuse it. */
  private record Checked(Resource resource, List<IngestItem> items, Rejection rejection, List<Issue> issues) {

    boolean refused() {
      return rejection != null;
    }
  }

  /** POST /fhir/{resourceType}. */
  public FhirResponse create(String resourceType, String json, boolean validate) {
    return write("POST /fhir/" + resourceType, resourceType, null, json, validate);
  }

  /**
   * PUT /fhir/{resourceType}/{id}: how a laboratory system reissues a result it sent before, as
   * {@code corrected}, {@code amended} or {@code entered-in-error} (a revision of the result recorded
   * under that id); a {@code final} or {@code preliminary} one is recorded as a POST would be. The
   * body's id must be {@code id}.
   */
  public FhirResponse update(String resourceType, String id, String json, boolean validate) {
    return write("PUT /fhir/" + resourceType + "/" + id, resourceType, id, json, validate);
  }

  private FhirResponse write(String origin, String resourceType, String pathId, String json, boolean validate) {
    Resource resource;
    try {
      resource = reader.parse(json);
    } catch (RejectedException e) {
      deadLetter(origin, null, e.rejection(), json);
      return outcomes.refused(e.rejection(), null);
    }
    if (!resourceType.equals(resource.fhirType())) {
      Rejection r = new Rejection(RejectReason.SCHEMA_VIOLATION, "the body is a " + resource.fhirType() + " but "
          + origin + " takes a " + resourceType);
      deadLetter(origin, FhirValues.messageId(resource), r, json);
      return outcomes.refused(r, null);
    }
    if (pathId != null && !pathId.equals(resource.getIdElement().getIdPart())) {
      Rejection r = new Rejection(RejectReason.SCHEMA_VIOLATION, resourceType + ".id '"
          + resource.getIdElement().getIdPart() + "' must equal the id in the URL, '" + pathId + "'");
      deadLetter(origin, FhirValues.messageId(resource), r, json);
      return outcomes.refused(r, null);
    }
    Checked c = check(resource, validate, "");
    if (c.refused()) {
      deadLetter(origin, FhirValues.messageId(resource), c.rejection(), json);
      return outcomes.response(OperationOutcomes.httpStatus(c.rejection().reason()), c.issues());
    }
    return recorded(c, origin);
  }

  /** POST /fhir with a transaction or batch Bundle. */
  public FhirResponse bundle(String json, boolean validate) {
    String origin = "POST /fhir";
    Resource resource;
    try {
      resource = reader.parse(json);
      if (!(resource instanceof Bundle)) {
        throw new RejectedException(RejectReason.UNSUPPORTED_RESOURCE, "POST /fhir takes a Bundle, the body is a "
            + resource.fhirType());
      }
    } catch (RejectedException e) {
      deadLetter(origin, null, e.rejection(), json);
      return outcomes.refused(e.rejection(), null);
    }
    Bundle bundle = (Bundle) resource;
    List<FhirIngestReader.EntryItems> entries;
    try {
      entries = reader.entries(bundle, null, Source.FHIR);
    } catch (RejectedException e) {
      deadLetter(origin, null, e.rejection(), json);
      return outcomes.refused(e.rejection(), "Bundle");
    }
    List<Checked> checked = new ArrayList<>();
    for (FhirIngestReader.EntryItems e : entries) {
      String prefix = "Bundle.entry[" + e.index() + "].resource";
      checked.add(e.rejected()
          ? refusal(e.resource(), e.rejection().rejection(), prefix)
          : check(e.resource(), validate, prefix));
    }
    boolean transaction = bundle.getType() == BundleType.TRANSACTION;
    if (transaction) {
      for (int i = 0; i < checked.size(); i++) {
        Checked c = checked.get(i);
        if (c.refused()) {
          Rejection whole = new Rejection(c.rejection().reason(), "Bundle.entry[" + i + "]: " + c.rejection().detail());
          deadLetter(origin, null, whole, json);
          return outcomes.response(OperationOutcomes.httpStatus(c.rejection().reason()), c.issues());
        }
      }
      for (int i = 0; i < checked.size(); i++) {
        List<String> ids = conflicting(checked.get(i).items());
        if (!ids.isEmpty()) {
          Answer a = conflict(checked.get(i), ids, origin + " Bundle.entry[" + i + "]");
          return outcomes.response(a.status(), a.issues());
        }
      }
    }
    Bundle response = new Bundle().setType(transaction ? BundleType.TRANSACTIONRESPONSE : BundleType.BATCHRESPONSE);
    for (Checked c : checked) {
      FhirResponse r;
      if (c.refused()) {
        deadLetter(origin, c.resource() == null ? null : FhirValues.messageId(c.resource()), c.rejection(),
            c.resource() == null ? json : outcomes.encode(c.resource()));
        r = new FhirResponse(OperationOutcomes.httpStatus(c.rejection().reason()), "");
        response.addEntry().getResponse().setStatus(statusLine(r.status())).setOutcome(outcomes.outcome(c.issues()));
      } else {
        Answer a = record(c, origin);
        response.addEntry().getResponse().setStatus(statusLine(a.status())).setOutcome(outcomes.outcome(a.issues()));
      }
    }
    return outcomes.ok(200, response);
  }

  private Checked check(Resource resource, boolean validate, String prefix) {
    List<Issue> warnings = List.of();
    if (validate) {
      if (validation == null) {
        throw new IllegalStateException("validation was asked for but no FhirValidation was given");
      }
      FhirValidation.Result v = validation.validate(resource);
      warnings = relocate(v.warnings(), resource, prefix);
      if (!v.valid()) {
        List<Issue> issues = new ArrayList<>(relocate(v.errors(), resource, prefix));
        issues.addAll(warnings);
        return new Checked(resource, List.of(), new Rejection(RejectReason.INVALID_FHIR, v.errorSummary()), issues);
      }
    }
    try {
      List<IngestItem> items = new ArrayList<>();
      for (RawItem raw : reader.items(resource, null, Source.FHIR)) {
        items.add(raw instanceof RawObservation o ? normaliser.observation(o)
            : normaliser.administration((RawAdministration) raw));
      }
      return new Checked(resource, items, null, warnings);
    } catch (RejectedException e) {
      return refusal(resource, e.rejection(), prefix);
    }
  }

  private static Checked refusal(Resource resource, Rejection rejection, String prefix) {
    Issue issue = OperationOutcomes.issue(rejection, resource == null ? null : resource.fhirType());
    return new Checked(resource, List.of(), rejection, relocate(List.of(issue), resource, prefix));
  }

  /** Rewrites {@code Observation.x} to {@code Bundle.entry[i].resource.x} inside a Bundle. */
  private static List<Issue> relocate(List<Issue> issues, Resource resource, String prefix) {
    if (prefix.isEmpty() || resource == null) {
      return issues;
    }
    String type = resource.fhirType();
    return issues.stream().map(i -> {
      String e = i.expression();
      String moved = e == null ? prefix : e.startsWith(type) ? prefix + e.substring(type.length()) : prefix + "." + e;
      return new Issue(i.severity(), i.type(), i.diagnostics(), moved);
    }).toList();
  }

  /** An HTTP status and the issues of its OperationOutcome. */
  private record Answer(int status, List<Issue> issues) {
  }

  private FhirResponse recorded(Checked c, String origin) {
    Answer a = record(c, origin);
    return outcomes.response(a.status(), a.issues());
  }

  /** Records a checked resource: 201 when an item was new, 200 when all were there, 409 on a conflict. */
  private Answer record(Checked c, String origin) {
    Stored stored = record(c.items());
    if (!stored.conflicts().isEmpty()) {
      return conflict(c, stored.conflicts(), origin);
    }
    return new Answer(stored.fresh() ? 201 : 200, information(c, stored.fresh()));
  }

  /** What recording a resource's items did: whether one was new, and the ids that conflicted. */
  private record Stored(boolean fresh, List<String> conflicts) {
  }

  /** Records every item; a conflicting one is not recorded and does not stop the others. */
  private Stored record(List<IngestItem> items) {
    boolean fresh = false;
    List<String> conflicts = new ArrayList<>();
    for (IngestItem item : items) {
      switch (store.record(item)) {
        case RECORDED -> fresh = true;
        case CONFLICT -> conflicts.add(item.messageId());
        case DUPLICATE -> {
        }
      }
    }
    return new Stored(fresh, conflicts);
  }

  /**
   * 409: ids recorded before with other content. The resource is dead-lettered with
   * {@link RejectReason#ID_CONFLICT}; its other items (components) stay recorded.
   */
  private Answer conflict(Checked c, List<String> ids, String origin) {
    Rejection r = Rejection.idConflict(ids, c.items().size() - ids.size(), "resource");
    deadLetter(origin, ids.get(0), r, outcomes.encode(c.resource()));
    List<Issue> issues = new ArrayList<>(List.of(OperationOutcomes.issue(r, c.resource().fhirType())));
    issues.addAll(c.issues());
    return new Answer(409, issues);
  }

  /** The ids among {@code items} recorded before with other content. */
  private List<String> conflicting(List<IngestItem> items) {
    List<String> ids = new ArrayList<>();
    for (IngestItem item : items) {
      store.find(item.messageId()).filter(first -> !item.sameContentAs(first)).ifPresent(x -> ids.add(item.messageId()));
    }
    return ids;
  }

  private static List<Issue> information(Checked c, boolean fresh) {
    List<Issue> issues = new ArrayList<>();
    String ids = String.join(", ", c.items().stream().map(IngestItem::messageId).toList());
    issues.add(new Issue(IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, fresh
        ? "recorded " + c.items().size() + " item(s): " + ids
        : "already recorded (duplicate message id), nothing changed: " + ids, null));
    issues.addAll(c.issues());
    return issues;
  }

  private static String statusLine(int status) {
    return switch (status) {
      case 200 -> "200 OK";
      case 201 -> "201 Created";
      case 400 -> "400 Bad Request";
      case 409 -> "409 Conflict";
      case 422 -> "422 Unprocessable Entity";
      default -> String.valueOf(status);
    };
  }

  private void deadLetter(String origin, String messageId, Rejection rejection, String payload) {
    deadLetters.store(new DeadLetter(clock.instant(), Source.FHIR, origin, null, messageId, rejection,
        payload == null ? "" : payload));
  }
}
