package org.icutwin.server.twin.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.icutwin.control.twin.PredictionPoint;
import org.icutwin.server.api.ApiException;
import org.junit.jupiter.api.Test;

class ViewsTest {

  static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

  /** A forecast with a number that is not finite is a 409 naming the time, not a body JSON cannot carry. */
  @Test
  void aForecastThatIsNotFiniteIsRefused() {
    var fine = List.of(new PredictionPoint(T, 8, 7, 9), new PredictionPoint(T.plusSeconds(900), 7.5, 6, 9));
    assertThat(Views.finiteBands(fine)).extracting(Views.Band::mean).containsExactly(8.0, 7.5);
    var blown = List.of(new PredictionPoint(T, 8, 7, 9),
        new PredictionPoint(T.plusSeconds(900), Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY));
    assertThatThrownBy(() -> Views.finiteBands(blown)).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.status().getCode()).isEqualTo(409);
      assertThat(e.getMessage()).contains(T.plusSeconds(900).toString(), "not finite");
    });
  }
}
