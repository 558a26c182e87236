package org.icutwin.control.vancomycin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LevelScheduleTest {
  static final double H = 60;

  /** A 2-h loading dose at 0, then 1-h maintenance doses every {@code intervalH} from {@code firstH}. */
  static List<VancomycinDose> course(double firstH, double intervalH, double untilH) {
    var out = new ArrayList<VancomycinDose>();
    out.add(new VancomycinDose(0, 2000, 120));
    for (double t = firstH; t < untilH; t += intervalH) {
      out.add(new VancomycinDose(t * H, 1000, 60));
    }
    return out;
  }

  @Test
  void twelveHourlyFromTwelveHours() {
    // Peak 1 h after the loading infusion (3 h), before the first maintenance dose (11.5 h), then
    // before the first dose of day 2 (23.5 h) and day 3 (47.5 h).
    assertThat(LevelSchedule.times(course(12, 12, 73))).containsExactly(3 * H, 11.5 * H, 23.5 * H, 47.5 * H, 71.5 * H);
    assertThat(LevelSchedule.times(course(12, 12, 72))).as("no dose on day 4: no trough for it").containsExactly(3 * H, 11.5 * H, 23.5 * H, 47.5 * H);
  }

  @Test
  void whenTheFirstMaintenanceDoseOpensDayTwoThatDaysTroughIsBeforeTheNextDose() {
    assertThat(LevelSchedule.times(course(24, 12, 72))).containsExactly(3 * H, 23.5 * H, 35.5 * H, 47.5 * H);
    // Daily doses: the level before the 24-h dose is day 2's; the next trough is day 3's.
    assertThat(LevelSchedule.times(course(24, 24, 96))).containsExactly(3 * H, 23.5 * H, 47.5 * H, 71.5 * H);
  }

  @Test
  void unsortedDosesAndASingleDose() {
    var doses = new ArrayList<>(course(12, 12, 48));
    java.util.Collections.reverse(doses);
    assertThat(LevelSchedule.times(doses)).isEqualTo(LevelSchedule.times(course(12, 12, 48)));
    assertThat(LevelSchedule.times(List.of(new VancomycinDose(100, 1000, 60)))).containsExactly(220.0);
    assertThat(LevelSchedule.times(List.of())).isEmpty();
    assertThat(LevelSchedule.next(List.of(), List.of(), 0)).isEmpty();
  }

  @Test
  void theNextLevelSkipsCoveredTimesAndAsksForALateTroughBeforeItsDose() {
    var doses = course(12, 12, 73);
    assertThat(LevelSchedule.next(doses, List.of(), 0)).hasValue(3 * H);
    // The peak drawn 40 min late still stands for it.
    assertThat(LevelSchedule.next(doses, List.of(3 * H + 40), 3 * H + 40)).hasValue(11.5 * H);
    // The trough before the 12-h dose not drawn at 11.5 h: at 11.8 h it is still due, now.
    assertThat(LevelSchedule.next(doses, List.of(3 * H), 11.8 * H)).hasValue(11.8 * H);
    // Once its dose has started it is gone: the next is day 2's.
    assertThat(LevelSchedule.next(doses, List.of(3 * H), 12.1 * H)).hasValue(23.5 * H);
    // Everything drawn: none left within the course.
    assertThat(LevelSchedule.next(doses, List.of(3 * H, 11.5 * H, 23.5 * H, 47.5 * H, 71.5 * H), 72 * H)).isEmpty();
    assertThatThrownBy(() -> LevelSchedule.next(doses, List.of(), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
