package org.icutwin.server.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.icutwin.server.ServerTestSupport.problem;
import static org.awaitility.Awaitility.await;

import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.icutwin.gateway.ingest.CodeRef;
import org.icutwin.gateway.ingest.IngestStore;
import org.icutwin.gateway.ingest.Normaliser;
import org.icutwin.gateway.ingest.RawObservation;
import org.icutwin.gateway.ingest.Source;
import org.icutwin.server.ServerTestSupport;
import org.icutwin.server.api.Problem;
import org.icutwin.server.security.Role;
import org.icutwin.server.security.TokenService;
import org.icutwin.server.twin.api.Views;
import io.micronaut.inject.qualifiers.Qualifiers;
import org.junit.jupiter.api.Test;

/**
 * The twin over REST, in a running server: admit, bind a device, data through the edge's store,
 * a proposal issued by the twin, decisions checked against the library; then a restart over the
 * same data directory finds the same twin and the same proposals.
 */
class TwinApiRestartTest {

  private static EmbeddedServer start(Path dataDir) {
    // The twin warm-up on (tests turn it off): the patient list after the restart shows it touched no real twin.
    return ApplicationContext.run(EmbeddedServer.class, Map.of("icutwin.data-dir", dataDir.toString(),
        "icutwin.twin.warm-up", "true"), "test");
  }

  private static String token(EmbeddedServer s, String sub, Role role) {
    return s.getApplicationContext().getBean(TokenService.class).mint(sub, Set.of(role), Duration.ofMinutes(10));
  }

  @Test
  void aTwinProposesAClinicianDecidesAndARestartFindsTheSameTwin() throws Exception {
    Path dir = ServerTestSupport.newDataDir();
    Views.Twin before;
    List<Views.Proposal> proposalsBefore;
    Views.Alert ackedBefore;
    Instant now = Instant.now();
    try (EmbeddedServer server = start(dir); HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
      BlockingHttpClient c = http.toBlocking();
      String admin = token(server, "ada", Role.ADMIN);
      String clin = token(server, "dr-lee", Role.CLINICIAN);
      Instant admitted = now.minus(Duration.ofHours(3)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      var admit = Map.of("patientId", "p1", "bed", "ICU-7", "model", "bergman-insulin", "careArea", "adult-icu",
          "covariates", Map.of("weightKg", 80), "initialValue", 10.0, "admittedAt", admitted.toString());
      assertThat(c.exchange(HttpRequest.POST("/api/v1/patients", admit).bearerAuth(admin)).code()).isEqualTo(201);
      // Nothing ingested and no barrier: the watermark is not yet set (null, not 1970).
      assertThat(c.retrieve(HttpRequest.GET("/api/v1/patients/p1").bearerAuth(clin), Views.Patient.class).watermark())
          .isNull();
      // Admitting the same id again is a conflict; an unknown model a specific 422.
      Problem dup = problem(c, HttpRequest.POST("/api/v1/patients", admit).bearerAuth(admin));
      assertThat(dup.status()).isEqualTo(409);
      var bad = Map.of("patientId", "p2", "model", "heparin", "careArea", "adult-icu", "covariates",
          Map.of("weightKg", 80));
      assertThat(problem(c, HttpRequest.POST("/api/v1/patients", bad).bearerAuth(admin)).detail()).contains("heparin");
      // An impossible initial value, a band outside the plausible range or an admission in the
      // future is refused with a 422 that says why, and nothing is admitted.
      for (var wrong : List.<Map<String, Object>>of(Map.of("initialValue", -5.0), Map.of("initialValue", 900.0),
          Map.of("targetBand", Map.of("low", -1.0, "high", 100.0)),
          Map.of("admittedAt", now.plus(Duration.ofDays(1)).toString()))) {
        var body = new java.util.HashMap<String, Object>(Map.of("patientId", "p3", "model", "bergman-insulin",
            "careArea", "adult-icu", "covariates", Map.of("weightKg", 80)));
        body.putAll(wrong);
        Problem refused = problem(c, HttpRequest.POST("/api/v1/patients", body).bearerAuth(admin));
        assertThat(refused.status()).as(wrong.toString()).isEqualTo(422);
        assertThat(refused.detail()).as(wrong.toString()).containsAnyOf("plausible range", "in the future");
      }
      assertThat(problem(c, HttpRequest.GET("/api/v1/patients/p3").bearerAuth(admin)).status()).isEqualTo(404);
      // A body that cannot be read names the property, without the server's classes or parser switches.
      Problem unreadable = problem(c, HttpRequest.POST("/api/v1/patients/p1/recommendations", Map.of("asOf", "yesterday"))
          .bearerAuth(clin));
      assertThat(unreadable.status()).isEqualTo(400);
      assertThat(unreadable.detail()).contains("asOf could not be read").doesNotContain("org.icutwin", "AsOfRequest");
      Problem nan = problem(c, HttpRequest.POST("/api/v1/patients/p1/recommendations", "{\"waitSeconds\": NaN}")
          .contentType(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE).bearerAuth(clin));
      assertThat(nan.status()).isEqualTo(400);
      assertThat(nan.detail()).contains("NaN and Infinity are not JSON numbers").doesNotContain("JsonReadFeature");
      // A barrier or an as-of question in the future is refused: it would move the twin's clock past now.
      String future = now.plus(Duration.ofDays(1000)).toString();
      for (var ahead : List.of(HttpRequest.POST("/api/v1/patients/p1/barrier", Map.of("through", future)).bearerAuth(admin),
          HttpRequest.POST("/api/v1/patients/p1/recommendations", Map.of("asOf", future)).bearerAuth(clin),
          HttpRequest.GET("/api/v1/patients/p1/twin?asOf=" + future).bearerAuth(clin))) {
        Problem refused = problem(c, ahead);
        assertThat(refused.status()).as(ahead.getPath()).isEqualTo(422);
        assertThat(refused.detail()).as(ahead.getPath()).contains("is in the future");
      }

      c.exchange(HttpRequest.POST("/api/v1/devices", Map.of("deviceId", "lab-1", "kind", "lab", "sensorClass", "lab",
          "mqttPassword", "lab-password-123")).bearerAuth(admin));
      c.exchange(HttpRequest.POST("/api/v1/patients/p1/devices", Map.of("deviceId", "lab-1", "from",
          admitted.toString())).bearerAuth(admin));

      // Hourly glucose through the edge's store (what MQTT and FHIR do after parsing).
      Normaliser normaliser = server.getApplicationContext().getBean(Normaliser.class);
      IngestStore store = server.getApplicationContext().getBean(IngestStore.class, Qualifiers.byName("delivering"));
      Random rnd = new Random(4);
      for (int h = 1; h <= 3; h++) {
        double g = 10 - 0.5 * h + 0.3 * rnd.nextGaussian();
        store.record(normaliser.observation(new RawObservation("bg-" + h, "lab-1", null,
            List.of(CodeRef.loinc("15074-8")), g, "mmol/L", false, admitted.plus(Duration.ofHours(h)), Source.MQTT)));
      }
      await().atMost(Duration.ofMinutes(2)).until(() -> twin(c, clin).applied() == 3);
      List<Views.Proposal> pending = await().atMost(Duration.ofMinutes(2)).until(
          () -> c.retrieve(HttpRequest.GET("/api/v1/patients/p1/recommendations?status=PENDING").bearerAuth(clin),
              Argument.listOf(Views.Proposal.class)), l -> !l.isEmpty());
      Views.Proposal p = pending.get(0);
      assertThat(p.drug()).isEqualTo("insulin");
      assertThat(p.proposedUnit()).isEqualTo("[iU]/h");
      assertThat(p.proposedValue()).isBetween(0.0, 30.0);
      assertThat(p.reasons()).isNotEmpty().allSatisfy(r -> assertThat(r.text()).isNotBlank());
      assertThat(p.underProposal()).isNotEmpty();
      assertThat(p.observationIds()).contains("bg-3");
      String decide = "/api/v1/patients/p1/recommendations/" + p.id() + "/decision";

      // What-if: the proposal's rate against stopping, side by side on the same posterior draws.
      Instant t = admitted.plus(Duration.ofHours(3));
      List<Views.WhatIfOutcome> whatIf = c.retrieve(HttpRequest.POST("/api/v1/patients/p1/what-if", Map.of("hours", 4,
          "regimens", List.of(Map.of("name", "proposal", "steps", List.of(Map.of("start", t.toString(), "rate",
              p.proposedValue()))), Map.of("name", "stop", "steps", List.of(Map.of("start", t.toString(), "rate", 0))))))
          .bearerAuth(clin), Argument.listOf(Views.WhatIfOutcome.class));
      assertThat(whatIf).extracting(Views.WhatIfOutcome::name).containsExactly("proposal", "stop");
      assertThat(whatIf.get(0).band()).isNotEmpty();
      Problem noRegimen = problem(c, HttpRequest.POST("/api/v1/patients/p1/what-if", Map.of("hours", 4))
          .bearerAuth(clin));
      assertThat(noRegimen.detail()).contains("regimens");
      // An enteral feed reported in g/h of carbohydrate reaches the glucose twin: its forecast rises.
      double unfed = lastForecast(c, clin);
      assertThat(c.exchange(HttpRequest.POST("/api/v1/patients/p1/doses", Map.of("messageId", "feed-1", "drug",
          "enteral-nutrition", "kind", "rate", "amount", 7.5, "unit", "g/h", "time", t.toString())).bearerAuth(clin))
          .code()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(30)).until(() -> lastForecast(c, clin) > unfed + 0.3);
      // The pending proposal was planned without the feed: one planned with it replaces it at once.
      Views.Proposal fed = await().atMost(Duration.ofSeconds(30)).until(
          () -> c.retrieve(HttpRequest.GET("/api/v1/patients/p1/recommendations?status=PENDING").bearerAuth(clin),
              Argument.listOf(Views.Proposal.class)), l -> l.size() == 1 && !l.get(0).id().equals(p.id())).get(0);
      assertThat(fed.issuedAt()).isEqualTo(t);
      assertThat(fed.proposedValue()).as("more insulin for the feed").isGreaterThanOrEqualTo(p.proposedValue());
      assertThat(c.retrieve(HttpRequest.GET("/api/v1/patients/p1/recommendations/" + p.id()).bearerAuth(clin),
          Views.Proposal.class).status()).isEqualTo("EXPIRED");
      decide = "/api/v1/patients/p1/recommendations/" + fed.id() + "/decision";
      Views.History withFeed = c.retrieve(HttpRequest.GET("/api/v1/patients/p1/history").bearerAuth(clin),
          Views.History.class);
      assertThat(withFeed.doses()).singleElement().satisfies(d -> {
        assertThat(d.drug()).isEqualTo("enteral-nutrition");
        assertThat(d.kind()).isEqualTo("rate");
        assertThat(d.amount()).isEqualTo(7.5);
        assertThat(d.unit()).isEqualTo("g/h");
        assertThat(d.applied()).isTrue();
        assertThat(d.time()).isEqualTo(t);
        assertThat(d.by()).as("charted by hand: the clinician").startsWith("clinician:");
      });
      // A window after the feed started still shows it: the rate running at the window's start.
      assertThat(c.retrieve(HttpRequest.GET("/api/v1/patients/p1/history?from=" + t.plusSeconds(60)).bearerAuth(clin),
          Views.History.class).doses()).extracting(Views.Dose::messageId).containsExactly("feed-1");
      Problem backwards = problem(c, HttpRequest.GET("/api/v1/patients/p1/history?from=" + t.plusSeconds(60) + "&to="
          + t).bearerAuth(clin));
      assertThat(backwards.status()).isEqualTo(422);
      assertThat(backwards.errors()).extracting(Problem.FieldError::field).containsExactly("to");
      Problem volume = problem(c, HttpRequest.POST("/api/v1/patients/p1/doses", Map.of("messageId", "feed-2", "drug",
          "enteral-nutrition", "kind", "rate", "amount", 60, "unit", "mL/h", "time", t.toString())).bearerAuth(clin));
      assertThat(volume.status()).isEqualTo(422);
      assertThat(volume.detail()).contains("g/h");
      Problem noTime = problem(c, HttpRequest.POST("/api/v1/patients/p1/doses", Map.of("messageId", "ins-x", "drug",
          "insulin", "kind", "rate", "amount", 2, "unit", "[iU]/h")).bearerAuth(clin));
      assertThat(noTime.status()).isEqualTo(422);
      assertThat(noTime.errors()).extracting(Problem.FieldError::field).containsExactly("time");
      Problem overdose = problem(c, HttpRequest.POST("/api/v1/patients/p1/doses", Map.of("messageId", "ins-y", "drug",
          "insulin", "kind", "rate", "amount", 200, "unit", "[iU]/h", "time", t.toString())).bearerAuth(clin));
      assertThat(overdose.status()).isEqualTo(422);
      assertThat(overdose.detail()).contains("OUT_OF_RANGE", "hard maximum 30.0");
      Problem reused = problem(c, HttpRequest.POST("/api/v1/patients/p1/doses", Map.of("messageId", "feed-1", "drug",
          "enteral-nutrition", "kind", "rate", "amount", 9, "unit", "g/h", "time", t.toString())).bearerAuth(clin));
      assertThat(reused.status()).isEqualTo(409);
      assertThat(reused.detail()).contains("ID_CONFLICT", "feed-1");
      assertThat(c.retrieve(HttpRequest.GET("/api/v1/patients/p1/history").bearerAuth(clin), Views.History.class)
          .doses()).singleElement().satisfies(d -> assertThat(d.amount()).isEqualTo(7.5));
      // ... and the clinician hears of it: the twin does not reflect the refused dose.
      await().atMost(Duration.ofSeconds(10)).until(() -> c.retrieve(HttpRequest.GET("/api/v1/patients/p1/history")
          .bearerAuth(clin), Views.History.class).alerts().stream().anyMatch(a -> a.code().equals("ID_CONFLICT")
              && a.severity().equals("warning") && a.detail().contains("enteral-nutrition rate 9.0 g/h")));
      // The clinician acknowledges it, with a note; again answers the first acknowledgement.
      Views.Alert conflict = c.retrieve(HttpRequest.GET("/api/v1/patients/p1/history").bearerAuth(clin),
          Views.History.class).alerts().stream().filter(a -> a.code().equals("ID_CONFLICT")).findFirst().orElseThrow();
      assertThat(conflict.acknowledgedAt()).isNull();
      // A window names the alerts raised in it, not every alert the twin holds.
      assertThat(c.retrieve(HttpRequest.GET("/api/v1/patients/p1/history?to=" + conflict.raisedAt().minusMillis(1))
          .bearerAuth(clin), Views.History.class).alerts()).extracting(Views.Alert::id).doesNotContain(conflict.id());
      assertThat(c.retrieve(HttpRequest.GET("/api/v1/patients/p1/history?from=" + conflict.raisedAt())
          .bearerAuth(clin), Views.History.class).alerts()).extracting(Views.Alert::id).contains(conflict.id());
      String ackPath = "/api/v1/patients/p1/alerts/" + conflict.id() + "/acknowledge";
      Views.Alert acked = c.retrieve(HttpRequest.POST(ackPath, Map.of("note", "feed pump re-labelled")).bearerAuth(clin),
          Views.Alert.class);
      assertThat(acked.acknowledgedBy()).isEqualTo("dr-lee");
      assertThat(acked.acknowledgementNote()).isEqualTo("feed pump re-labelled");
      assertThat(acked.acknowledgedAt()).isNotNull();
      assertThat(c.retrieve(HttpRequest.POST(ackPath, Map.of()).bearerAuth(clin), Views.Alert.class)).isEqualTo(acked);
      assertThat(c.retrieve(HttpRequest.GET("/api/v1/patients/p1").bearerAuth(clin), Views.Patient.class).alerts())
          .filteredOn(a -> a.id().equals(conflict.id())).singleElement()
          .satisfies(a -> assertThat(a.acknowledgedBy()).isEqualTo("dr-lee"));
      assertThat(problem(c, HttpRequest.POST("/api/v1/patients/p1/alerts/nope/acknowledge", Map.of()).bearerAuth(clin))
          .status()).isEqualTo(404);
      Problem longNote = problem(c, HttpRequest.POST(ackPath, Map.of("note", "x".repeat(1001))).bearerAuth(clin));
      assertThat(longNote.status()).isEqualTo(422);
      assertThat(longNote.errors()).extracting(Problem.FieldError::field).containsExactly("note");
      assertThat(problem(c, HttpRequest.POST("/api/v1/patients/p1/alerts/" + conflict.id() + "/acknowledge",
          Map.of()).bearerAuth(admin)).status()).as("clinicians acknowledge").isEqualTo(403);
      ackedBefore = acked;
      Problem bogus = problem(c, HttpRequest.GET("/api/v1/patients/p1/recommendations?status=BOGUS").bearerAuth(clin));
      assertThat(bogus.status()).isEqualTo(422);
      assertThat(bogus.detail()).contains("BOGUS");
      Problem dosesForAnInfusion = problem(c, HttpRequest.POST("/api/v1/patients/p1/what-if", Map.of("regimens",
          List.of(Map.of("name", "bolus", "doseMg", 10, "intervalH", 6)))).bearerAuth(clin));
      assertThat(dosesForAnInfusion.status()).isEqualTo(422);
      assertThat(dosesForAnInfusion.detail()).contains("insulin is an infusion");

      // Vancomycin what-if: intermittent regimens, AUC24 on the target days, breaches stated.
      var vanco = Map.of("patientId", "v1", "bed", "ICU-9", "model", "vancomycin-goti2018", "careArea", "adult-icu",
          "covariates", Map.of("weightKg", 80, "creatinineClearanceMlPerMin", 70, "haemodialysis", false),
          "admittedAt", admitted.toString());
      assertThat(c.exchange(HttpRequest.POST("/api/v1/patients", vanco).bearerAuth(admin)).code()).isEqualTo(201);
      List<Views.WhatIfOutcome> vancoWhatIf = c.retrieve(HttpRequest.POST("/api/v1/patients/v1/what-if", Map.of(
          "hours", 24, "regimens", List.of(Map.of("name", "load then 1000 q12h", "loadingDoseMg", 2000, "doseMg", 1000,
              "intervalH", 12), Map.of("name", "4000 q8h", "doseMg", 4000, "intervalH", 8))))
          .bearerAuth(clin), Argument.listOf(Views.WhatIfOutcome.class));
      assertThat(vancoWhatIf).extracting(Views.WhatIfOutcome::name).containsExactly("load then 1000 q12h", "4000 q8h");
      assertThat(vancoWhatIf.get(0).auc24()).hasSize(2);
      assertThat(vancoWhatIf.get(0).band()).hasSize(48);
      assertThat(vancoWhatIf.get(0).hardLimitBreaches()).isEmpty();
      assertThat(vancoWhatIf.get(1).auc24().get(0).auc24()).isGreaterThan(vancoWhatIf.get(0).auc24().get(0).auc24());
      assertThat(vancoWhatIf.get(1).hardLimitBreaches()).anySatisfy(b -> assertThat(b).contains("in one dose > max 3500 mg"));
      Problem noInterval = problem(c, HttpRequest.POST("/api/v1/patients/v1/what-if", Map.of("regimens",
          List.of(Map.of("name", "no interval", "doseMg", 1000)))).bearerAuth(clin));
      assertThat(noInterval.status()).isEqualTo(422);
      assertThat(noInterval.detail()).contains("intervalH");
      Problem rates = problem(c, HttpRequest.POST("/api/v1/patients/v1/what-if", Map.of("regimens",
          List.of(Map.of("name", "rate", "steps", List.of(Map.of("start", t.toString(), "rate", 100)))))).bearerAuth(clin));
      assertThat(rates.detail()).contains("intermittent doses");

      // Checking doses as the clinician types: nothing is decided, the verdicts are the decision's.
      String check = "/api/v1/patients/p1/recommendations/" + fed.id() + "/check";
      Views.DoseCheck fine = c.retrieve(HttpRequest.POST(check, Map.of("value", 4, "unit", "[iU]/h")).bearerAuth(clin),
          Views.DoseCheck.class);
      assertThat(fine.allowed()).isTrue();
      assertThat(fine.reasons()).isEmpty();
      Views.DoseCheck needsReason = c.retrieve(HttpRequest.POST(check, Map.of("value", 20, "unit", "[iU]/h"))
          .bearerAuth(clin), Views.DoseCheck.class);
      assertThat(needsReason.allowed()).isFalse();
      assertThat(needsReason.overrideRequired()).isTrue();
      assertThat(needsReason.reasons()).extracting(Views.Reason::code).containsExactly("ABOVE_SOFT_MAX");
      Views.DoseCheck withReason = c.retrieve(HttpRequest.POST(check, Map.of("value", 20, "unit", "[iU]/h", "reason",
          "insulin resistance")).bearerAuth(clin), Views.DoseCheck.class);
      assertThat(withReason.allowed()).isTrue();
      Views.DoseCheck refused = c.retrieve(HttpRequest.POST(check, Map.of("value", 45, "unit", "[iU]/h", "reason",
          "any")).bearerAuth(clin), Views.DoseCheck.class);
      assertThat(refused.allowed()).isFalse();
      assertThat(refused.overrideRequired()).isFalse();
      assertThat(refused.message()).contains("hard max 30");
      Views.DoseCheck wrongUnit = c.retrieve(HttpRequest.POST(check, Map.of("value", 2, "unit", "mg/h"))
          .bearerAuth(clin), Views.DoseCheck.class);
      assertThat(wrongUnit.allowed()).as(wrongUnit.toString()).isFalse();
      assertThat(wrongUnit.message()).as(wrongUnit.toString()).contains("mg/h");
      assertThat(problem(c, HttpRequest.POST(check, Map.of("unit", "[iU]/h")).bearerAuth(clin)).detail())
          .contains("value");
      assertThat(problem(c, HttpRequest.POST("/api/v1/patients/p1/recommendations/nope/check", Map.of("value", 2,
          "unit", "[iU]/h")).bearerAuth(clin)).status()).isEqualTo(404);
      assertThat(c.retrieve(HttpRequest.GET("/api/v1/patients/p1/recommendations/" + fed.id()).bearerAuth(clin),
          Views.Proposal.class).status()).isEqualTo("PENDING");
      Views.Patient viewed = c.retrieve(HttpRequest.GET("/api/v1/patients/p1").bearerAuth(clin), Views.Patient.class);
      assertThat(viewed.target()).isEqualTo(new Views.Target("glucose", "mmol/L", 4.4, 8.0, 4.0, false));
      assertThat(viewed.quantity()).isEqualTo("glucose");
      assertThat(viewed.serverTime()).isNotNull();

      // A modification beyond the hard limit is refused with the library's reason; beyond the soft limit it needs a reason.
      Problem hard = problem(c, HttpRequest.POST(decide, Map.of("decision", "MODIFY", "value", 45, "unit", "[iU]/h"))
          .bearerAuth(clin));
      assertThat(hard.status()).isEqualTo(422);
      assertThat(hard.detail()).contains("ABOVE_HARD_MAX");
      Problem soft = problem(c, HttpRequest.POST(decide, Map.of("decision", "MODIFY", "value", 20, "unit", "[iU]/h"))
          .bearerAuth(clin));
      assertThat(soft.detail()).contains("soft limit");
      // An administrator cannot decide.
      assertThat(problem(c, HttpRequest.POST(decide, Map.of("decision", "ACCEPT")).bearerAuth(admin)).status())
          .isEqualTo(403);
      // Typed in another unit (300 m[iU]/min = 18 [iU]/h): the order states the library's unit.
      Views.Proposal accepted = c.retrieve(HttpRequest.POST(decide, Map.of("decision", "MODIFY", "value", 300,
          "unit", "m[iU]/min", "reason", "known insulin resistance")).bearerAuth(clin), Views.Proposal.class);
      assertThat(accepted.status()).isEqualTo("MODIFIED");
      assertThat(accepted.clinicianDecision().unit()).isEqualTo("[iU]/h");
      assertThat(accepted.clinicianDecision().value()).isCloseTo(18.0, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(accepted.clinicianDecision().clinician()).isEqualTo("dr-lee");
      assertThat(accepted.clinicianDecision().softLimitOverride()).isTrue();
      // Deciding twice is a conflict.
      assertThat(problem(c, HttpRequest.POST(decide, Map.of("decision", "ACCEPT")).bearerAuth(clin)).status())
          .isEqualTo(409);

      before = twin(c, clin);
      proposalsBefore = c.retrieve(HttpRequest.GET("/api/v1/patients/p1/recommendations").bearerAuth(clin),
          Argument.listOf(Views.Proposal.class));
    }

    try (EmbeddedServer server = start(dir); HttpClient http = server.getApplicationContext().createBean(HttpClient.class, server.getURL())) {
      BlockingHttpClient c = http.toBlocking();
      String clin = token(server, "dr-lee", Role.CLINICIAN);
      Views.Twin after = twin(c, clin);
      assertThat(after.applied()).isEqualTo(before.applied());
      assertThat(after.output()).isEqualTo(before.output());
      assertThat(after.parameters()).isEqualTo(before.parameters());
      assertThat(c.retrieve(HttpRequest.GET("/api/v1/patients/p1/history").bearerAuth(clin), Views.History.class)
          .doses()).extracting(Views.Dose::messageId).containsExactly("feed-1");
      assertThat(c.retrieve(HttpRequest.GET("/api/v1/patients/p1/history").bearerAuth(clin), Views.History.class)
          .alerts()).as("the acknowledgement survives the restart").contains(ackedBefore);
      List<Views.Proposal> proposalsAfter = c.retrieve(HttpRequest.GET("/api/v1/patients/p1/recommendations")
          .bearerAuth(clin), Argument.listOf(Views.Proposal.class));
      assertThat(proposalsAfter).isEqualTo(proposalsBefore);
      assertThat(c.retrieve(HttpRequest.GET("/api/v1/patients").bearerAuth(clin), Argument.listOf(Views.Patient.class)))
          .extracting(Views.Patient::patientId).containsExactlyInAnyOrder("p1", "v1");
    }
  }

  /** The glucose forecast 4 h ahead of the twin's newest data, mmol/L. */
  private static double lastForecast(BlockingHttpClient c, String token) {
    Views.Forecast f = c.retrieve(HttpRequest.GET("/api/v1/patients/p1/forecast?hours=4").bearerAuth(token),
        Views.Forecast.class);
    return f.points().get(f.points().size() - 1).mean();
  }

  private static Views.Twin twin(BlockingHttpClient c, String token) {
    return c.retrieve(HttpRequest.GET("/api/v1/patients/p1/twin").bearerAuth(token), Views.Twin.class);
  }

}
