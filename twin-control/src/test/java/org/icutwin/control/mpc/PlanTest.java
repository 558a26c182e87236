package org.icutwin.control.mpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlanTest {

  /** A decision 30 min after a plan of 60/60/120-min moves warm-starts from the rates then in force. */
  @Test
  void rateAtFollowsThePlanInTime() {
    var plan = new Plan(new double[] {10, 20, 30}, new double[] {0, 60, 120});
    assertThat(plan.rateAt(-5)).isEqualTo(10);
    assertThat(plan.rateAt(30)).isEqualTo(10);
    assertThat(plan.rateAt(60)).isEqualTo(20);
    assertThat(plan.rateAt(119.9)).isEqualTo(20);
    assertThat(plan.rateAt(500)).isEqualTo(30);
  }

  @Test
  void refusesMismatchedOrEmptyPlans() {
    assertThatThrownBy(() -> new Plan(new double[] {1, 2}, new double[] {0})).hasMessageContaining("as many start times");
    assertThatThrownBy(() -> new Plan(new double[0], new double[0])).hasMessageContaining("at least one");
  }
}
