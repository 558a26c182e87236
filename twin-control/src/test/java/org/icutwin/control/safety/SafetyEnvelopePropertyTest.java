package org.icutwin.control.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.icutwin.control.safety.Fixtures.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.icutwin.core.druglib.DrugLibraryEntry;
import org.icutwin.core.druglib.RateLimits;
import org.icutwin.core.units.Quantity;
import org.icutwin.estimation.monitor.DriftStatus;
import org.junit.jupiter.api.Test;

/**
 * Invariants over 10,000 random continuous-rate proposals (fixed seed) for the shipped insulin,
 * norepinephrine and propofol entries: never above the hard max or below 0, never above
 * current + step, never below current - step unless the 24-h cap forced it, never more than the
 * controller asked for or than is running now, never from stale data (except a stop of insulin, whose
 * safe direction is down, and, under a drift alert alone, changes in a drug's safe direction), never
 * present when withheld. Insulin reductions are not step-limited.
 */
class SafetyEnvelopePropertyTest {
  private static final double TOL = 1e-9;

  @Test
  void tenThousandRandomProposalsKeepTheEnvelopeInvariants() {
    Random rnd = new Random(20261122L);
    List<DrugLibraryEntry> entries = List.of(INSULIN, NOREPINEPHRINE, PROPOFOL);
    int withheld = 0;
    int clipped = 0;
    int againstSafeDirectionUnderDrift = 0;
    for (int i = 0; i < 10_000; i++) {
      DrugLibraryEntry e = entries.get(rnd.nextInt(entries.size()));
      RateLimits rl = e.doseRate().orElseThrow();
      String unit = rl.unit();
      double hardMax = rl.limits().hardMax().getAsDouble();
      double step = rl.maxChangePerStep().getAsDouble();
      double current = rnd.nextDouble() * hardMax;
      double proposed = rnd.nextInt(50) == 0 ? Double.NaN
          : rnd.nextInt(10) == 0 ? 0.0 : (rnd.nextDouble() * 2.5 - 0.5) * hardMax;
      String output = e == INSULIN ? "glucose" : "map";
      OutputPolicy policy = e == INSULIN ? OutputPolicy.glucose() : OutputPolicy.meanArterialPressure("map");
      double age = rnd.nextDouble() * 1.3 * policy.maxMeasurementAgeMin();
      int driftDraw = rnd.nextInt(20);
      DriftStatus drift = driftDraw == 0 ? DriftStatus.UNDER_PREDICTING
          : driftDraw == 1 ? DriftStatus.OVER_PREDICTING : DriftStatus.IN_CONTROL;
      double predictedLow = rnd.nextInt(20) == 0 ? -1 : 0.5 * policy.plausibleMax();
      // The drug's stated response: the true one, the wrong one, or none.
      TwinStatus.OutputResponse response = TwinStatus.OutputResponse.values()[rnd.nextInt(3)];
      TwinStatus twin = new TwinStatus(NOW, output, OptionalDouble.of(NOW - age), OptionalDouble.empty(), drift,
          SolverStatus.CONVERGED, new PredictedRange(predictedLow, 0.6 * policy.plausibleMax(), policy.unit()), response);
      List<Administration> history = new ArrayList<>();
      double given = 0;
      if (e.cumulative24hMax().isPresent()) {
        Quantity cap = e.cumulative24hMax().get();
        for (int k = rnd.nextInt(5); k > 0; k--) {
          double amount = rnd.nextDouble() * cap.value() * 0.4;
          double t = NOW - rnd.nextDouble() * 30 * 60;
          history.add(new Administration(t, Quantity.of(amount, cap.unit())));
          if (t > NOW - 24 * 60) {
            given += amount;
          }
        }
      }
      var request = new SafetyRequest(ProposedAction.rate(e.drug(), e.careArea(), proposed, unit, NOW),
          Optional.of(Quantity.of(current, unit)), history, OptionalDouble.of(40 + rnd.nextDouble() * 100), twin,
          Optional.of(e), Optional.empty());
      SafetyDecision d = ENVELOPE.decide(request);

      assertThat(d.outcome() == SafetyDecision.Outcome.WITHHELD).isEqualTo(d.action().isEmpty());
      if (d.action().isEmpty()) {
        withheld++;
        continue;
      }
      if (d.outcome() == SafetyDecision.Outcome.CLIPPED) {
        clipped++;
      }
      double v = d.action().get().value().value();
      String at = "case " + i + ": " + proposed + " from " + current + " " + unit + " (" + drift + ", " + response
          + ") -> " + d;
      if (d.has(SafetyReason.DRIFT_ERRS_ON_SAFE_SIDE)) {
        againstSafeDirectionUnderDrift++;
      }
      assertThat(d.action().get().value().unit()).as(at).isEqualTo(unit);
      assertThat(Double.isFinite(proposed)).as(at).isTrue();
      boolean insulin = e.drug().equals("insulin");
      if (d.has(SafetyReason.STOP_DELIVERED_DESPITE_TWIN)) {
        // The one exception to "never from untrusted data": stopping insulin.
        assertThat(insulin).as(at).isTrue();
        assertThat(d.action().get().value().value()).as(at).isZero();
      } else if (d.has(SafetyReason.CAP_REDUCTION)) {
        // The other: a withheld proposal, but the running insulin rate cut to what the 24-h cap allows.
        assertThat(insulin).as(at).isTrue();
        assertThat(v).as(at).isLessThan(current);
      } else {
        assertThat(age).as(at).isLessThanOrEqualTo(policy.maxMeasurementAgeMin());
        assertThat(predictedLow).as(at).isGreaterThanOrEqualTo(0);
        if (drift != DriftStatus.IN_CONTROL && d.has(SafetyReason.DRIFT_ERRS_ON_SAFE_SIDE)) {
          // Against the safe direction (more insulin, less norepinephrine) only with the drug's true
          // response stated (a wrong or missing one never), and only with the output measured above
          // the forecast: both changes push it down, towards their hazard.
          assertThat(d.has(SafetyReason.SAFE_DIRECTION_DESPITE_DRIFT)).as(at).isFalse();
          assertThat(drift).as(at).isEqualTo(DriftStatus.UNDER_PREDICTING);
          if (insulin) {
            assertThat(response).as(at).isEqualTo(TwinStatus.OutputResponse.FALLS_WITH_RATE);
            assertThat(v).as(at).isGreaterThan(current);
          } else if (e.drug().equals("norepinephrine")) {
            assertThat(response).as(at).isEqualTo(TwinStatus.OutputResponse.RISES_WITH_RATE);
            assertThat(v).as(at).isLessThan(current);
          } else {
            org.assertj.core.api.Assertions.fail("no safe direction for " + e.drug() + " but delivered under drift: " + at);
          }
        } else if (drift != DriftStatus.IN_CONTROL) {
          // Otherwise under drift only a change in the drug's safe direction passes.
          assertThat(d.has(SafetyReason.SAFE_DIRECTION_DESPITE_DRIFT)).as(at).isTrue();
          if (insulin) {
            assertThat(v).as(at).isLessThanOrEqualTo(current + TOL);
          } else if (e.drug().equals("norepinephrine")) {
            assertThat(v).as(at).isGreaterThanOrEqualTo(current - TOL);
          } else {
            org.assertj.core.api.Assertions.fail("no safe direction for " + e.drug() + " but delivered under drift: " + at);
          }
        }
      }
      assertThat(v).as(at).isBetween(0.0, hardMax);
      assertThat(v).as(at).isLessThanOrEqualTo(current + step + TOL);
      if (!d.has(SafetyReason.CUMULATIVE_24H_CAP) && !insulin) {
        assertThat(v).as(at).isGreaterThanOrEqualTo(current - step - TOL);
      }
      // Never invents a dose: at most what was proposed or what runs now.
      assertThat(v).as(at).isLessThanOrEqualTo(Math.max(proposed, current) + TOL);
      if (e.cumulative24hMax().isPresent() && v > 0) {
        // Insulin: v [iU]/h for the envelope's 60-min step is v [iU].
        assertThat(given + v).as(at).isLessThanOrEqualTo(e.cumulative24hMax().get().value() + TOL);
      }
    }
    // The random cases must actually exercise all three outcomes.
    assertThat(withheld).isBetween(1000, 9000);
    assertThat(clipped).isGreaterThan(1000);
    assertThat(againstSafeDirectionUnderDrift).as("the drift-by-direction path is exercised").isPositive();
  }

  /**
   * Feed and dextrose advice ({@link SafetyEnvelope#checkAdvice}) over 20,000 random rates, running
   * rates, weights and twin states (fixed seed), on the shipped dextrose and nutrition entries:
   * whatever the twin's state, deliverable advice is finite, within the hard limits, at most the
   * soft maximum unless it lowers a rate already above it, never more than advised or running, and
   * never needs an override; withheld advice has no action.
   */
  @Test
  void randomFeedAndDextroseAdviceStaysWithinTheLibrary() {
    Random rnd = new Random(20261206L);
    List<DrugLibraryEntry> entries = List.of(LIBRARY.entry("dextrose", "adult-icu"),
        LIBRARY.entry("enteral-nutrition", "adult-icu"), LIBRARY.entry("parenteral-nutrition", "adult-icu"));
    int withheld = 0;
    int clipped = 0;
    for (int i = 0; i < 20_000; i++) {
      DrugLibraryEntry e = entries.get(rnd.nextInt(entries.size()));
      var lim = e.doseRate().orElseThrow().limits();
      double hardMax = lim.hardMax().getAsDouble();
      double softMax = lim.softMax().getAsDouble();
      double current = rnd.nextDouble() * 1.2 * hardMax;
      double advised = switch (rnd.nextInt(40)) {
        case 0 -> Double.NaN;
        case 1 -> Double.POSITIVE_INFINITY;
        case 2 -> Double.NEGATIVE_INFINITY;
        default -> (rnd.nextDouble() * 2 - 0.3) * hardMax;
      };
      TwinStatus twin = new TwinStatus(NOW, "glucose", rnd.nextBoolean() ? OptionalDouble.empty() : OptionalDouble.of(NOW - 600),
          rnd.nextBoolean() ? DriftStatus.IN_CONTROL : DriftStatus.OVER_PREDICTING,
          rnd.nextBoolean() ? SolverStatus.CONVERGED : SolverStatus.FAILED, new PredictedRange(-1, 50, "mmol/L"));
      var request = new SafetyRequest(ProposedAction.rate(e.drug(), e.careArea(), advised, "g/h", NOW),
          Optional.of(Quantity.of(current, "g/h")), List.of(), OptionalDouble.of(30 + rnd.nextDouble() * 120), twin,
          Optional.of(e), rnd.nextInt(10) == 0 ? Optional.of(new ClinicianOverride("dr", "ignored for advice"))
              : Optional.empty());
      SafetyDecision d = ENVELOPE.checkAdvice(request);
      String at = "case " + i + ": " + e.drug() + " " + advised + " from " + current + " -> " + d;
      assertThat(d.outcome() == SafetyDecision.Outcome.WITHHELD).as(at).isEqualTo(d.action().isEmpty());
      assertThat(d.overrideRequired()).as(at).isFalse();
      if (d.action().isEmpty()) {
        withheld++;
        continue;
      }
      if (d.outcome() == SafetyDecision.Outcome.CLIPPED) {
        clipped++;
      }
      double v = d.action().get().value().value();
      assertThat(d.action().get().value().unit()).as(at).isEqualTo("g/h");
      assertThat(Double.isFinite(advised)).as(at).isTrue();
      assertThat(v).as(at).isBetween(0.0, hardMax);
      assertThat(v <= softMax + TOL || v <= current + TOL).as(at).isTrue();
      assertThat(v).as(at).isLessThanOrEqualTo(Math.max(advised, current) + TOL);
    }
    assertThat(withheld).as("withheld").isBetween(1000, 15000);
    assertThat(clipped).as("clipped").isGreaterThan(500);
  }
}
