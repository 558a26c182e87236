package org.icutwin.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.icutwin.server.config.ClusterSettings;
import org.icutwin.server.config.DatabaseSettings;
import org.junit.jupiter.api.Test;

class PekkoConfigTest {

  static final DatabaseSettings DB = new DatabaseSettings("jdbc:h2:mem:x", "sa", "", "org.h2.Driver");

  /**
   * A twin holds commands back in a bounded stash while it recovers or persists, and Pekko drops
   * what does not fit: the server's stash takes a day of 1-Hz vitals, not Pekko's 4,096 (which a
   * device's backlog after a reconnect, or one FHIR batch, overflowed).
   */
  @Test
  void theTwinsStashTakesADaysBacklogAndIsConfigurable() {
    var defaults = PekkoConfig.build(new ClusterSettings("icutwin", "127.0.0.1", 0), DB);
    assertThat(defaults.getInt("pekko.persistence.typed.stash-capacity")).isGreaterThanOrEqualTo(86_400);
    var small = PekkoConfig.build(new ClusterSettings("icutwin", "127.0.0.1", 0, Duration.ofMinutes(2), 500), DB);
    assertThat(small.getInt("pekko.persistence.typed.stash-capacity")).isEqualTo(500);
    assertThatThrownBy(() -> new ClusterSettings("icutwin", "127.0.0.1", 0, Duration.ofMinutes(2), 0))
        .hasMessageContaining("stash-capacity");
  }
}
