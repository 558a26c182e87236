package org.icutwin.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.icutwin.control.twin.PredictionPoint;
import org.icutwin.control.twin.ProposalDraft;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.units.Quantity;
import org.icutwin.gateway.fhir.ProposalDocument;
import org.icutwin.server.twin.TwinState;
import org.junit.jupiter.api.Test;

/** What a proposal's FHIR document carries besides the dose. */
class TwinDocumentsTest {

  static final Instant T = Instant.parse("2026-12-05T10:00:00Z");

  @Test
  void nutritionAdviceTravelsAsACodedReasonThatStatesTheFeedChange() {
    var draft = new ProposalDraft("insulin", "adult-icu", ProposalDraft.Kind.RATE,
        Optional.of(new Quantity(12, "[iU]/h")), Optional.of(new Quantity(12, "[iU]/h")), Optional.empty(), List.of(),
        T, T.plusSeconds(1800), "CLIPPED", false, List.of("INCREASE_ABOVE_BAND"), List.of("CUMULATIVE_24H_CAP"),
        OptionalDouble.empty(), T.plusSeconds(3600), "glucose", "mmol/L",
        List.of(new PredictionPoint(T.plusSeconds(7200), 9, 7, 11)), List.of(), "bergman-insulin", Map.of(),
        List.of(new ProposalDraft.FeedAdvice("enteral-nutrition", 8, 6, 8, "REDUCE_FEED_INSULIN_CONSTRAINED")));
    var docs = new TwinDocuments(DrugLibrary.load(Path.of("../config/drug-library.json")));
    ProposalDocument d = docs.proposal("p1", new TwinState.ProposalRecord("r1", draft, List.of("bg-1"), "PENDING",
        null, T)).orElseThrow();
    assertThat(d.reasons()).extracting(ProposalDocument.Reason::code)
        .containsExactly("INCREASE_ABOVE_BAND", "CUMULATIVE_24H_CAP", "REDUCE_FEED_INSULIN_CONSTRAINED");
    assertThat(d.reasons().get(2).text()).startsWith("enteral-nutrition: from 8.0 to 6.0 g/h of glucose (prescribed 8.0")
        .contains("insulin is near its 24-h limit");
  }

  /** A forecast that is not finite (a twin fed an absurd dose) gives no RiskAssessment rather than an error. */
  @Test
  void aForecastThatIsNotFiniteGivesNoDocument() {
    var docs = new TwinDocuments(DrugLibrary.load(Path.of("../config/drug-library.json")));
    var admitted = new org.icutwin.server.twin.TwinEvent.Admitted(T, "ada", "p1", "", "GLUCOSE_INSULIN", "adult-icu",
        Map.of("WEIGHT_KG", 80.0), T, 9.0, null, null);
    var fine = List.of(new PredictionPoint(T.plusSeconds(900), 8, 7, 9), new PredictionPoint(T.plusSeconds(1800), 8, 6, 10));
    assertThat(docs.forecast("p1", admitted, fine, List.of(), T)).isPresent();
    var blown = List.of(new PredictionPoint(T.plusSeconds(900), 8, 7, 9),
        new PredictionPoint(T.plusSeconds(1800), Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
    assertThat(docs.forecast("p1", admitted, blown, List.of(), T)).isEmpty();
  }
}
