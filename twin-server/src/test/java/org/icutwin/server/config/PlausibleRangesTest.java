package org.icutwin.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.icutwin.estimation.timeline.QualityRule;
import org.icutwin.estimation.timeline.TimelineConfig;
import org.icutwin.gateway.ingest.CodeTable;
import org.junit.jupiter.api.Test;

class PlausibleRangesTest {

  /**
   * The edge refuses exactly what the twin would: a value the edge acknowledged and the twin then
   * refused as implausible (MAP 6 mm[Hg] over MQTT) left its sender without an error report.
   */
  @Test
  void theEdgesPlausibleRangesAreTheTwinsForEveryQuantityATwinReads() {
    var rules = TimelineConfig.defaults().rules();
    var codes = CodeTable.standard().entries().stream().filter(c -> rules.containsKey(c.quantity())).toList();
    assertThat(codes).extracting(c -> c.quantity()).contains("glucose", "map");
    assertThat(codes).allSatisfy(c -> {
      QualityRule r = rules.get(c.quantity());
      assertThat(c.plausibleMin()).as(c.code() + " min").isEqualTo(r.minPlausible());
      assertThat(c.plausibleMax()).as(c.code() + " max").isEqualTo(r.maxPlausible());
    });
  }
}
