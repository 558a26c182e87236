package org.icutwin.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoScenarioTest {

  static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

  @Test
  void devicesReportAtTheirOwnRatesInTimeOrderAndOrdersReachThePumps() {
    DemoScenario s = new DemoScenario(T0, 42);
    List<DemoMessage> first = s.advanceTo(T0.plus(Duration.ofHours(2)));
    long cgm = first.stream().filter(m -> m instanceof DemoMessage.Measurement x && x.deviceId().equals("demo-cgm-1"))
        .count();
    long map = first.stream().filter(m -> m instanceof DemoMessage.Measurement x && x.deviceId().equals("demo-aline-2"))
        .count();
    assertThat(cgm).isBetween(18L, 24L); // every 5 min for 2 h, minus the sensor's gaps
    assertThat(map).isBetween(100L, 120L); // every minute, minus line flushes and gaps
    assertThat(first).filteredOn(m -> m instanceof DemoMessage.PumpRate p && p.drug().equals("vancomycin"))
        .extracting(m -> ((DemoMessage.PumpRate) m).rate()).containsExactly(1000.0, 0.0);
    assertThat(first.subList(2, first.size())).isSortedAccordingTo((a, b) -> a.time().compareTo(b.time()));
    assertThat(first.stream().map(DemoMessage::messageId).distinct().count()).isEqualTo(first.size());

    assertThat(first).filteredOn(m -> m instanceof DemoMessage.PumpRate p && p.drug().equals("enteral-nutrition"))
        .singleElement().isInstanceOfSatisfying(DemoMessage.PumpRate.class, p -> {
          assertThat(p.deviceId()).isEqualTo(DemoScenario.FEED_PUMP);
          assertThat(p.rate()).isEqualTo(7.5);
          assertThat(p.unit()).isEqualTo("g/h");
        });

    s.order(DemoScenario.GLUCOSE, 4.0, "[iU]/h", T0.plus(Duration.ofHours(2)));
    List<DemoMessage> next = s.advanceTo(T0.plus(Duration.ofMinutes(130)));
    assertThat(next.get(0)).isInstanceOfSatisfying(DemoMessage.PumpRate.class, p -> {
      assertThat(p.deviceId()).isEqualTo("demo-pump-insulin-1");
      assertThat(p.rate()).isEqualTo(4.0);
    });
    // The feed is held for a procedure from hour 10 to 12: the feeding pump reports the stop and the restart.
    List<DemoMessage> day = s.advanceTo(T0.plus(Duration.ofHours(13)));
    assertThat(day).filteredOn(m -> m instanceof DemoMessage.PumpRate p && p.deviceId().equals(DemoScenario.FEED_PUMP))
        .extracting(m -> ((DemoMessage.PumpRate) m).rate(), DemoMessage::time)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(0.0, T0.plus(Duration.ofHours(10))),
            org.assertj.core.groups.Tuple.tuple(7.5, T0.plus(Duration.ofHours(12))));
    assertThat(day).isSortedAccordingTo((a, b) -> a.time().compareTo(b.time()));
  }

  @Test
  void theDemoClockRunsFasterThanTheWallClock() {
    var wall = java.time.Clock.fixed(T0, java.time.ZoneOffset.UTC);
    DemoClock c = new DemoClock(wall, 60);
    assertThat(c.instant()).isEqualTo(T0);
    assertThat(c.factor()).isEqualTo(60);
  }
}
