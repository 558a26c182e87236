package org.icutwin.estimation.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.icutwin.estimation.map.MapTestSupport.GOTI;
import static org.icutwin.estimation.map.MapTestSupport.PATIENT;

import java.util.List;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.estimation.Observation;
import org.junit.jupiter.api.Test;

/** A fit refuses bad input with a message naming what is wrong, and accepts odd but valid input. */
class MapRequestValidationTest {
  private static final NoiseModel ERROR = new NoiseModel.Combined(3.4, 0.227);
  private static final DosingSchedule DOSE = DosingSchedule.empty().infusion(60, "infusion", 1000, 60);

  @Test
  void noObservationsIsRefused() {
    assertThatThrownBy(() -> MapRequest.of(GOTI, PATIENT, DOSE, List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one observation");
  }

  @Test
  void unknownMeasurementIsRefusedNamingTheObservation() {
    var obs = Observation.of("o1", 300, "glucose", 5, ERROR, "lab");
    assertThatThrownBy(() -> MapRequest.of(GOTI, PATIENT, DOSE, List.of(obs)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("o1").hasMessageContaining("glucose")
        .hasMessageContaining("concentration");
  }

  @Test
  void parameterWithoutVariabilityCannotBeEstimated() {
    var req = MapRequest.of(GOTI, PATIENT, DOSE, List.of(Observation.of("o1", 300, "concentration", 20, ERROR, "l")));
    assertThatThrownBy(() -> req.estimating("Q2")).hasMessageContaining("Q2").hasMessageContaining("ω");
    assertThatThrownBy(() -> req.estimating("CL", "CL")).hasMessageContaining("twice");
  }

  @Test
  void missingCovariateAndNonFiniteStateAreRefused() {
    var obs = List.of(Observation.of("o1", 300, "concentration", 20, ERROR, "lab"));
    assertThatThrownBy(() -> MapRequest.of(GOTI, Covariates.none().weightKg(70), DOSE, obs))
        .hasMessageContaining("creatinine clearance");
    assertThatThrownBy(() -> new MapRequest(GOTI, PATIENT, DOSE, 0, new double[] {Double.NaN, 0}, obs, List.of("CL")))
        .hasMessageContaining("not finite");
    assertThatThrownBy(() -> new MapRequest(GOTI, PATIENT, DOSE, 400, new double[2], obs, List.of("CL")))
        .hasMessageContaining("before t0");
    assertThatThrownBy(() -> Observation.of("o2", 300, "concentration", Double.NaN, ERROR, "lab"))
        .hasMessageContaining("finite");
  }

  @Test
  void observationBeforeTheFirstDoseIsFitted() {
    var obs = List.of(Observation.of("pre", 0, "concentration", 0.5, ERROR, "lab"),
        Observation.of("post", 600, "concentration", 12, ERROR, "lab"));
    MapResult fit = new MapEstimator().fit(MapRequest.of(GOTI, PATIENT, DOSE, obs).estimating("CL"));
    assertThat(fit.converged()).isTrue();
    assertThat(fit.estimated()).hasSize(1);
    ParameterEstimate cl = fit.parameter("CL");
    assertThat(cl.lower90()).isLessThan(cl.estimate()).isGreaterThan(0);
    assertThat(cl.upper90()).isGreaterThan(cl.estimate());
    assertThat(fit.theta()[1]).as("V1 fixed at its typical value").isEqualTo(58.4);
  }
}
