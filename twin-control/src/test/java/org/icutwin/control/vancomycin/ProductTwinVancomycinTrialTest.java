package org.icutwin.control.vancomycin;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.icutwin.core.druglib.DrugLibrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The vancomycin trial through the product twin ({@link ProductTwinVancomycinTrial}). */
class ProductTwinVancomycinTrialTest {

  static final DrugLibrary LIBRARY = DrugLibrary.load(Path.of("../config/drug-library.json"));

  /**
   * 60 patients of the cohort the assembled trial uses (seed 20200315), levels when the twin asks.
   * Measured 2026-12-07: 56.7% in band on day 2, 61.7% on day 3, 1.7% above 700 (the assembled trial
   * with the twin's level schedule: 60.0%, 56.7%, 1.7%); the target (60% on days 2-3, under
   * 5% above 700) is met on day 3, not on day 2. Floors one patient below the measured figures.
   */
  @Test
  void theProductTwinFollowingItsOwnLevelScheduleStaysAtItsMeasuredLevel() {
    var s = ProductTwinVancomycinTrial.run(LIBRARY, 60, 20200315L);
    System.out.println("product twin, vancomycin 20200315: " + s);
    assertThat(s.inBandDay2()).isGreaterThanOrEqualTo(0.567 - 0.017);
    assertThat(s.inBandDay3()).isGreaterThanOrEqualTo(0.617 - 0.017);
    assertThat(s.aboveToxicAny()).isLessThanOrEqualTo(0.017 + 0.017);
    assertThat(s.outcomes()).allSatisfy(o -> assertThat(o.levels()).isBetween(1, 8));
    assertThat(s.allLimitsKept()).as("every dose given kept the drug library's limits").isTrue();
  }

  @Test
  @EnabledIfSystemProperty(named = "vtrial", matches = ".+")
  void diagnostics() {
    for (String seed : System.getProperty("vtrial").split(",")) {
      var s = ProductTwinVancomycinTrial.run(LIBRARY, Integer.getInteger("vtrial.n", 60), Long.parseLong(seed));
      System.out.println("VTRIAL " + seed + " product " + s + ", levels a patient "
          + s.outcomes().stream().mapToInt(VancomycinTrial.Outcome::levels).average().orElseThrow());
    }
  }
}
