package org.icutwin.server.twin.api;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.security.authentication.Authentication;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import org.icutwin.control.twin.PredictionPoint;
import org.icutwin.server.api.ApiException;
import org.icutwin.server.twin.ManualDoses;
import org.icutwin.server.twin.TwinCommand;
import org.icutwin.server.twin.TwinService;
import org.icutwin.server.twin.TwinState;
import org.icutwin.server.twin.PatientIndex;
import org.icutwin.server.patient.PatientRegistry;
import org.icutwin.server.security.Actor;
import org.icutwin.server.twin.Admissions;

/**
 * The clinician and administrator API of the twins: admission, the twin's state, forecasts,
 * proposals and decisions, manual doses, ingest barriers, history, discharge. Thin: every answer
 * comes from the patient's twin actor.
 */
@Controller("/api/v1/patients")
public class TwinController {

  private static final Duration MAX_WAIT = Duration.ofMinutes(2);
  private final TwinService twins;
  private final ManualDoses doses;
  private final PatientIndex index;
  private final PatientRegistry registry;
  private final Admissions admissions;

  public TwinController(TwinService twins, ManualDoses doses, PatientIndex index, PatientRegistry registry,
      Admissions admissions) {
    this.admissions = admissions;
    this.twins = twins;
    this.doses = doses;
    this.index = index;
    this.registry = registry;
  }

  private static String who(Authentication auth) {
    return auth.getName();
  }

  private static String role(Authentication auth) {
    return String.join(",", auth.getRoles());
  }

  private static Duration wait(@Nullable Double seconds) {
    if (seconds == null) {
      return Duration.ZERO;
    }
    if (!(seconds >= 0) || seconds > MAX_WAIT.toSeconds()) {
      throw ApiException.invalid("wait", "wait must be between 0 and " + MAX_WAIT.toSeconds() + " s, was " + seconds);
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  @Post
  public CompletableFuture<HttpResponse<Views.Patient>> admit(@Body AdmitRequest r, Authentication auth) {
    return admissions.admit(r, Actor.of(auth)).thenApply(sum -> HttpResponse.created(Views.patient(sum, twins.clock().instant())));
  }


  @Get
  public CompletableFuture<List<Views.Patient>> list() {
    List<CompletableFuture<Views.Patient>> each = index.admittedIds().stream()
        .map(id -> twins.<TwinCommand.Summary>ask(id, TwinCommand.GetSummary::new, Duration.ZERO)
            .thenApply(sum -> Views.patient(sum, twins.clock().instant())))
        .toList();
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(v -> each.stream().map(CompletableFuture::join).toList());
  }

  /**
   * A time the twin is asked about or told of may not lie ahead of the server's clock by more than
   * the skew the edge allows for data (2 min): a future barrier or as-of would move the twin's clock
   * past the present (a proposal issued in 2029 would hold back every automatic proposal till then).
   */
  private void notFuture(String field, Instant t) {
    ApiException.requireNotAhead(field, t, twins.clock().instant());
  }

  @Get("/{id}")
  public CompletableFuture<Views.Patient> get(@PathVariable String id) {
    return twins.<TwinCommand.Summary>ask(id, TwinCommand.GetSummary::new, Duration.ZERO).thenApply(sum -> Views.patient(sum, twins.clock().instant()));
  }

  @Get("/{id}/twin")
  public CompletableFuture<Views.Twin> twin(@PathVariable String id, @Nullable @QueryValue Instant asOf,
      @Nullable @QueryValue Double wait) {
    notFuture("asOf", asOf);
    Duration w = wait(wait);
    return twins.<TwinCommand.Description>ask(id, reply -> new TwinCommand.Describe(asOf, w, reply), w)
        .thenApply(d -> Views.twin(d, twins.clock().instant()));
  }

  @Get("/{id}/forecast")
  public CompletableFuture<Views.Forecast> forecast(@PathVariable String id, @Nullable @QueryValue Instant asOf,
      @Nullable @QueryValue Double hours, @Nullable @QueryValue Double wait) {
    double h = hours == null ? 6 : hours;
    if (!(h > 0) || h > 72) {
      throw ApiException.invalid("hours", "hours must be in (0, 72], was " + h);
    }
    notFuture("asOf", asOf);
    Duration w = wait(wait);
    return twins.<List<PredictionPoint>>ask(id, reply -> new TwinCommand.GetForecast(asOf,
        Duration.ofMinutes(Math.round(h * 60)), w, reply), w)
        .thenApply(pts -> new Views.Forecast(id, asOf, Views.finiteBands(pts)));
  }

  @Post("/{id}/what-if")
  public CompletableFuture<List<Views.WhatIfOutcome>> whatIf(@PathVariable String id, @Body WhatIfRequest r) {
    if (r.regimens() == null || r.regimens().isEmpty()) {
      throw ApiException.invalid("regimens", "give 1 to 6 regimens, e.g. {\"name\":\"continue\",\"steps\":[]}");
    }
    double h = r.hours() == null ? 6 : r.hours();
    if (!(h > 0) || h > 48) {
      throw ApiException.invalid("hours", "hours must be in (0, 48], was " + h);
    }
    List<org.icutwin.control.twin.WhatIf.Regimen> regimens = new java.util.ArrayList<>();
    for (WhatIfRequest.Regimen g : r.regimens()) {
      if (g.name() == null || g.name().isBlank()) {
        throw ApiException.invalid("regimens.name", "every regimen needs a name");
      }
      List<org.icutwin.control.twin.WhatIf.Step> steps = new java.util.ArrayList<>();
      for (WhatIfRequest.Step st : g.steps() == null ? List.<WhatIfRequest.Step>of() : g.steps()) {
        if (st.start() == null || st.rate() == null || !Double.isFinite(st.rate()) || st.rate() < 0) {
          throw ApiException.invalid("regimens.steps", "every step needs a start time and a finite rate >= 0 (regimen "
              + g.name() + ")");
        }
        steps.add(new org.icutwin.control.twin.WhatIf.Step(st.start(), st.rate()));
      }
      if (g.hasDoses()) {
        regimens.add(new org.icutwin.control.twin.WhatIf.Regimen(g.name(), steps, Optional.of(doses(g))));
      } else {
        regimens.add(new org.icutwin.control.twin.WhatIf.Regimen(g.name(), steps));
      }
    }
    notFuture("asOf", r.asOf());
    Duration w = wait(r.waitSeconds());
    return twins.<List<org.icutwin.control.twin.WhatIf.Outcome>>ask(id, reply -> new TwinCommand.AskWhatIf(r.asOf(),
        Duration.ofMinutes(Math.round(h * 60)), regimens, w, reply), w)
        .thenApply(list -> list.stream().map(Views::whatIf).toList());
  }

  /** A regimen's intermittent doses, each field checked with a message that names it. */
  private static org.icutwin.control.twin.WhatIf.Doses doses(WhatIfRequest.Regimen g) {
    String in = " (regimen " + g.name() + ")";
    if (g.steps() != null && !g.steps().isEmpty()) {
      throw ApiException.invalid("regimens.steps", "give rate steps or intermittent doses, not both" + in);
    }
    if (g.doseMg() == null || !Double.isFinite(g.doseMg()) || !(g.doseMg() > 0)) {
      throw ApiException.invalid("regimens.doseMg", "an intermittent regimen needs doseMg, a finite dose > 0 mg" + in);
    }
    if (g.intervalH() == null || !Double.isFinite(g.intervalH()) || !(g.intervalH() >= 1)) {
      throw ApiException.invalid("regimens.intervalH", "an intermittent regimen needs intervalH, a finite interval of at"
          + " least 1 h" + in);
    }
    if (g.loadingDoseMg() != null && (!Double.isFinite(g.loadingDoseMg()) || !(g.loadingDoseMg() > 0))) {
      throw ApiException.invalid("regimens.loadingDoseMg", "loadingDoseMg must be a finite dose > 0 mg" + in);
    }
    if (g.infusionH() != null && (!Double.isFinite(g.infusionH()) || !(g.infusionH() >= 0.25)
        || g.infusionH() >= g.intervalH())) {
      throw ApiException.invalid("regimens.infusionH", "infusionH must be finite, at least 0.25 h and shorter than"
          + " intervalH" + in);
    }
    return new org.icutwin.control.twin.WhatIf.Doses(
        g.loadingDoseMg() == null ? OptionalDouble.empty() : OptionalDouble.of(g.loadingDoseMg()), g.doseMg(),
        g.intervalH(), g.infusionH() == null ? OptionalDouble.empty() : OptionalDouble.of(g.infusionH()),
        Optional.ofNullable(g.firstDose()));
  }

  @Get("/{id}/recommendations")
  public CompletableFuture<List<Views.Proposal>> recommendations(@PathVariable String id,
      @Nullable @QueryValue String status) {
    if (status != null && !List.of("PENDING", "ACCEPTED", "MODIFIED", "REJECTED", "EXPIRED")
        .contains(status.toUpperCase(java.util.Locale.ROOT))) {
      throw ApiException.invalid("status", "status must be PENDING, ACCEPTED, MODIFIED, REJECTED or EXPIRED, was '"
          + status + "'");
    }
    return twins.<List<TwinState.ProposalRecord>>ask(id, TwinCommand.GetProposals::new, Duration.ZERO)
        .thenApply(list -> list.stream().filter(p -> status == null || p.status().equalsIgnoreCase(status))
            .map(p -> Views.proposal(id, p)).toList());
  }

  @Get("/{id}/recommendations/{rid}")
  public CompletableFuture<Views.Proposal> recommendation(@PathVariable String id, @PathVariable String rid) {
    return twins.<List<TwinState.ProposalRecord>>ask(id, TwinCommand.GetProposals::new, Duration.ZERO)
        .thenApply(list -> list.stream().filter(p -> p.proposalId().equals(rid)).findFirst()
            .map(p -> Views.proposal(id, p))
            .orElseThrow(() -> ApiException.notFound("no recommendation " + rid + " for patient " + id)));
  }

  @Post("/{id}/recommendations")
  public CompletableFuture<HttpResponse<Views.Proposal>> recommend(@PathVariable String id,
      @Nullable @Body AsOfRequest r, Authentication auth) {
    Instant asOf = r == null ? null : r.asOf();
    notFuture("asOf", asOf);
    Duration w = wait(r == null ? null : r.waitSeconds());
    return twins.<TwinState.ProposalRecord>ask(id, reply -> new TwinCommand.Recommend(asOf, w, who(auth), reply), w)
        .thenApply(p -> HttpResponse.created(Views.proposal(id, p)));
  }

  @Post("/{id}/recommendations/{rid}/decision")
  public CompletableFuture<Views.Proposal> decide(@PathVariable String id, @PathVariable String rid,
      @Body DecisionRequest r, Authentication auth) {
    if (r.decision() == null) {
      throw ApiException.invalid("decision", "decision is required: ACCEPT, MODIFY or REJECT");
    }
    String d = r.decision().toUpperCase(java.util.Locale.ROOT);
    return twins.<TwinState.ProposalRecord>ask(id, reply -> new TwinCommand.Decide(rid, d, r.value(), r.unit(),
        r.reason(), who(auth), role(auth), reply), Duration.ZERO).thenApply(p -> Views.proposal(id, p));
  }

  /**
   * Checks a rate or dose for a proposal against the drug library as a MODIFY would (hard limits
   * and the 24-h cap refuse, a soft-limit excess needs a reason) without deciding: the dashboard
   * checks while the clinician types.
   */
  @Post("/{id}/recommendations/{rid}/check")
  public CompletableFuture<Views.DoseCheck> check(@PathVariable String id, @PathVariable String rid,
      @Body DecisionRequest r, Authentication auth) {
    if (r.value() == null || !Double.isFinite(r.value())) {
      throw ApiException.invalid("value", "value must be a finite number");
    }
    if (r.unit() == null || r.unit().isBlank()) {
      throw ApiException.invalid("unit", "unit is required (the drug library's unit, e.g. U/h)");
    }
    return twins.<org.icutwin.control.twin.ClinicianCheck>ask(id, reply -> new TwinCommand.CheckDose(rid, r.value(),
        r.unit(), r.reason(), who(auth), reply), Duration.ZERO)
        .thenApply(c -> new Views.DoseCheck(r.value(), r.unit(), c.allowed(), c.overrideRequired(),
            c.reasons().stream().map(ReasonTexts::reason).toList(), c.message()));
  }

  /**
   * A clinician acknowledges an alert (seen, dealt with), with an optional note; acknowledging again
   * answers the first acknowledgement.
   */
  @Post("/{id}/alerts/{aid}/acknowledge")
  public CompletableFuture<Views.Alert> acknowledge(@PathVariable String id, @PathVariable String aid,
      @Nullable @Body AcknowledgeRequest r, Authentication auth) {
    String note = r == null ? null : r.note();
    if (note != null && note.strip().length() > 1000) {
      throw ApiException.invalid("note", "note is " + note.strip().length() + " characters; at most 1000");
    }
    return twins.<TwinCommand.AcknowledgedAlert>ask(id, reply -> new TwinCommand.AcknowledgeAlert(aid, note, who(auth),
        role(auth), reply), Duration.ZERO).thenApply(k -> Views.alert(k.alert(), k.acknowledgement()));
  }

  @Post("/{id}/doses")
  public HttpResponse<Map<String, String>> dose(@PathVariable String id, @Body DoseRequest r, Authentication auth) {
    String outcome = doses.record(id, r, who(auth));
    return HttpResponse.accepted().body(Map.of("outcome", outcome));
  }

  @Post("/{id}/barrier")
  public CompletableFuture<Views.Patient> barrier(@PathVariable String id, @Body BarrierRequest r,
      Authentication auth) {
    if (r.through() == null) {
      throw ApiException.invalid("through", "through (an ISO-8601 time) is required");
    }
    notFuture("through", r.through());
    return twins.<TwinCommand.Summary>ask(id, reply -> new TwinCommand.Barrier(r.through(), who(auth), reply),
        Duration.ZERO).thenApply(sum -> Views.patient(sum, twins.clock().instant()));
  }

  @Get("/{id}/history")
  public CompletableFuture<Views.History> history(@PathVariable String id, @Nullable @QueryValue Instant from,
      @Nullable @QueryValue Instant to) {
    requireOrdered(from, to);
    return twins.<TwinCommand.History>ask(id, reply -> new TwinCommand.GetHistory(from, to, reply), Duration.ZERO)
        .thenApply(h -> new Views.History(id, h.points().stream().map(Views::point).toList(),
            h.proposals().stream().map(p -> Views.proposal(id, p)).toList(),
            Views.alerts(h.alerts(), h.acknowledgements()), h.doses().stream().map(Views::dose).toList()));
  }

  /**
   * The twin's recorded estimates (one per {@code icutwin.twin.estimate-interval} of data time, at
   * most the newest 5,000) with data time in [{@code from}, {@code to}], oldest first.
   */
  @Get("/{id}/estimates")
  public CompletableFuture<List<Views.EstimatePoint>> estimates(@PathVariable String id,
      @Nullable @QueryValue Instant from, @Nullable @QueryValue Instant to) {
    requireOrdered(from, to);
    return twins.<List<org.icutwin.server.twin.TwinEvent.ParametersUpdated>>ask(id,
        reply -> new TwinCommand.GetEstimates(from, to, reply), Duration.ZERO)
        .thenApply(list -> list.stream().map(Views::estimate).toList());
  }

  private static void requireOrdered(Instant from, Instant to) {
    if (from != null && to != null && to.isBefore(from)) {
      throw ApiException.invalid("to", "to (" + to + ") is before from (" + from + ")");
    }
  }

  @Post("/{id}/discharge")
  public CompletableFuture<Views.Patient> discharge(@PathVariable String id, Authentication auth) {
    registry.discharge(id, twins.clock().instant(), Actor.of(auth));
    return twins.<TwinCommand.Summary>ask(id, reply -> new TwinCommand.Discharge(twins.clock().instant(), who(auth),
        reply), Duration.ZERO).thenApply(sum -> Views.patient(sum, twins.clock().instant()));
  }
}
