package org.icutwin.core.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.icutwin.core.catalog.MammillaryPkModel;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.InputChannel;
import org.icutwin.core.model.MeasurementSpec;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterSpec;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.model.StateLayout;
import org.icutwin.core.model.StateVariable;
import org.junit.jupiter.api.Test;

/** Event semantics of the simulator: boundaries, right-continuity, and refusals. */
class SimulatorTest {
  final MammillaryPkModel pk = LinearPkClosedFormTest.oneCompartment(false);
  final double[] th = ParameterVectors.typical(pk, Covariates.none());
  final Simulator exact = new Simulator(new LinearPkExactPropagator());

  @Test
  void bolusAtAnOutputTimeShowsInThatOutput() {
    var tr = exact.simulate(pk, th, new double[1], 0, DosingSchedule.empty().bolus(10, "bolus", 100), new double[] {10});
    assertThat(tr.state(0, 0)).isEqualTo(100.0);
  }

  @Test
  void rateChangesBeforeStartSetTheRunningRateAndEarlierBolusesAreAlreadyInTheState() {
    var schedule = DosingSchedule.empty().bolus(-30, "bolus", 500).rate(-30, "infusion", 2.0);
    var tr = exact.simulate(pk, th, new double[] {50}, 0, schedule, new double[] {60});
    double k = LinearPkClosedFormTest.K;
    double expectedAmount = 50 * Math.exp(-k * 60) + 2.0 / k * -Math.expm1(-k * 60);
    assertThat(tr.state(0, 0)).isCloseTo(expectedAmount, within(1e-9));
  }

  @Test
  void rateChangeIsAnIntegrationBoundaryNotSmearedAcrossASegment() {
    // Infusion for exactly 7.3 min, output at 20 min: compare against the closed form.
    var tr = new Simulator(OdePropagator.rk4(5.0)).simulate(pk, th, new double[1], 0,
        DosingSchedule.empty().infusion(0, "infusion", 73, 7.3), new double[] {20});
    double k = LinearPkClosedFormTest.K;
    double atStop = 10.0 / k * -Math.expm1(-k * 7.3);
    assertThat(tr.state(0, 0)).isCloseTo(atStop * Math.exp(-k * 12.7), within(1e-6));
  }

  @Test
  void eventsAtEqualTimesApplyInInsertionOrder() {
    var s = DosingSchedule.empty().rate(5, "infusion", 1).rate(5, "infusion", 3).rate(1, "infusion", 2);
    assertThat(s.events()).extracting(DoseEvent::timeMin).containsExactly(1.0, 5.0, 5.0);
    assertThat(((DoseEvent.RateChange) s.events().get(2)).rate()).isEqualTo(3.0);
  }

  @Test
  void unknownChannelIsRejectedNamingTheKnownOnes() {
    assertThatThrownBy(() -> exact.simulate(pk, th, new double[1], 0, DosingSchedule.empty().rate(0, "insulin", 1), new double[] {1}))
        .hasMessageContaining("no input 'insulin'").hasMessageContaining("[infusion]");
    assertThatThrownBy(() -> exact.simulate(pk, th, new double[1], 0, DosingSchedule.empty().bolus(0, "infusion", 1), new double[] {1}))
        .hasMessageContaining("no input 'infusion'").hasMessageContaining("[bolus]");
  }

  @Test
  void invalidEventsAreRejected() {
    assertThatThrownBy(() -> new DoseEvent.RateChange(0, "infusion", -1)).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> new DoseEvent.RateChange(0, "infusion", Double.NaN)).hasMessageContaining("finite");
    assertThatThrownBy(() -> new DoseEvent.Bolus(Double.POSITIVE_INFINITY, "bolus", 1)).hasMessageContaining("time");
    assertThatThrownBy(() -> DosingSchedule.empty().infusion(0, "infusion", 1, 0)).hasMessageContaining("duration");
  }

  @Test
  void outputTimesMustBeSortedAndNotBeforeStart() {
    assertThatThrownBy(() -> exact.simulate(pk, th, new double[1], 5, DosingSchedule.empty(), new double[] {4}))
        .hasMessageContaining("sorted and >= t0");
    assertThatThrownBy(() -> exact.simulate(pk, th, new double[1], 0, DosingSchedule.empty(), new double[] {4, 2}))
        .hasMessageContaining("sorted");
  }

  @Test
  void wrongStateOrParameterDimensionIsRejected() {
    assertThatThrownBy(() -> exact.simulate(pk, th, new double[2], 0, DosingSchedule.empty(), new double[] {1}))
        .hasMessageContaining("1 states");
    assertThatThrownBy(() -> exact.simulate(pk, new double[3], new double[1], 0, DosingSchedule.empty(), new double[] {1}))
        .hasMessageContaining("2 parameters");
  }

  /** Non-finite guard: a state that blows up aborts the run instead of being reported. */
  @Test
  void nonFiniteStateAbortsTheSimulation() {
    PhysiologicalModel blowUp = new ExplodingModel();
    assertThatThrownBy(() -> new Simulator(OdePropagator.rk4(1)).simulate(blowUp, new double[0], new double[] {1}, 0,
        DosingSchedule.empty(), new double[] {1000}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("non-finite state");
  }

  @Test
  void trajectoryCopiesItsArrays() {
    double[] times = {1, 2};
    double[][] states = {{1}, {2}};
    var tr = new Trajectory(times, states);
    times[0] = 99;
    states[0][0] = 99;
    tr.timesMin()[1] = 99;
    tr.states()[1][0] = 99;
    assertThat(tr.time(0)).isEqualTo(1);
    assertThat(tr.state(0, 0)).isEqualTo(1);
    assertThat(tr.time(1)).isEqualTo(2);
    assertThat(tr.state(1, 0)).isEqualTo(2);
  }

  /** dx/dt = x²: finite-time blow-up at t = 1 from x(0) = 1. */
  private static final class ExplodingModel implements PhysiologicalModel {
    public String id() {
      return "exploding";
    }

    public String description() {
      return "x' = x^2";
    }

    public StateLayout states() {
      return StateLayout.of(StateVariable.unbounded("x", "1", 1, "blows up"));
    }

    public List<InputChannel> rateInputs() {
      return List.of();
    }

    public List<InputChannel> bolusInputs() {
      return List.of();
    }

    public List<ParameterSpec> parameters() {
      return List.of();
    }

    public List<MeasurementSpec> measurements() {
      return List.of(new MeasurementSpec("x", "1", new NoiseModel.Additive(1), "x"));
    }

    public void derivative(double t, double[] x, double[] u, double[] theta, double[] dxdt) {
      dxdt[0] = x[0] * x[0];
    }

    public double measure(int k, double[] x, double[] theta) {
      return x[0];
    }

    public void applyBolus(int channel, double amount, double[] x, double[] theta) {
      throw new IndexOutOfBoundsException();
    }

    public double[] initialState(double[] theta) {
      return new double[] {1};
    }
  }
}
