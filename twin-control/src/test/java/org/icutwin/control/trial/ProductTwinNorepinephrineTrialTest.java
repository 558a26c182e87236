package org.icutwin.control.trial;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** The norepinephrine trial through the product twin and the server's timing ({@link ProductTwinNorepinephrineTrial}). */
class ProductTwinNorepinephrineTrialTest {

  /**
   * Cohort 2043 was held out from every norepinephrine setting. Through the product twin, whose
   * timing answers a MAP below 65 within a minute rather than at the next 5-min decision, it meets
   * the target (at least 85% in 65-75, under 2% below 65).
   */
  @Test
  void aHeldOutCohortMeetsTheTargetThroughTheProductTwin() {
    var r = ProductTwinNorepinephrineTrial.run(30, 2043);
    System.out.println("product twin, norepinephrine 2043: " + r);
    assertThat(r.summary().meanTimeInBand()).isGreaterThanOrEqualTo(0.85);
    assertThat(r.summary().meanTimeBelow65()).isLessThan(0.02);
    assertThat(r.summary().withheld()).isLessThan(30);
  }

  /**
   * Cohort 4242 (validation) has three patients who stay below 65 at the library's maximum rate:
   * the target is not met there (docs/control.md); this is its measured floor.
   */
  @Test
  void theValidationCohortStaysAtItsMeasuredLevel() {
    var r = ProductTwinNorepinephrineTrial.run(30, 4242);
    System.out.println("product twin, norepinephrine 4242: " + r);
    assertThat(r.summary().meanTimeInBand()).isGreaterThanOrEqualTo(0.81);
    assertThat(r.summary().meanTimeBelow65()).isLessThan(0.05);
  }

  @Test
  @EnabledIfSystemProperty(named = "netrial", matches = ".+")
  void diagnostics() {
    for (String seed : System.getProperty("netrial").split(",")) {
      System.out.println("NETRIAL " + seed + " product " + ProductTwinNorepinephrineTrial.run(30, Long.parseLong(seed)));
    }
  }
}
