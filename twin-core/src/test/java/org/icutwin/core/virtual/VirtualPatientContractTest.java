package org.icutwin.core.virtual;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.InputChannel;
import org.icutwin.core.simulation.DosingSchedule;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The contract every virtual patient keeps, run for each truth model against its twin's channels. */
class VirtualPatientContractTest {

  static Stream<Arguments> patients() {
    return Stream.of(
        Arguments.of(ModelCatalog.BERGMAN_INSULIN,
            (Supplier<VirtualPatient>) () -> GlucoseCohort.generate(3, 1).get(2).start(), "glucose", 40.0),
        Arguments.of(ModelCatalog.BERGMAN_INSULIN,
            (Supplier<VirtualPatient>) () -> {
              var spec = GlucoseCohort.generateHovorka(3, 1).get(2);
              var p = spec.create();
              p.follow(spec.nutrition());
              return p;
            }, "glucose", 40.0),
        Arguments.of(ModelCatalog.NOREPINEPHRINE_MAP,
            (Supplier<VirtualPatient>) () -> NorepinephrineCohort.generate(3, 1).get(2).create(), "map", 40.0),
        Arguments.of(ModelCatalog.VANCOMYCIN_GOTI,
            (Supplier<VirtualPatient>) () -> VancomycinCohort.generate(3, 1).get(2).create(), "concentration", 20.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patients")
  void channelsAndOutputsAreThoseOfTheTwin(String twinId, Supplier<VirtualPatient> make, String output, double rate) {
    var twin = ModelCatalog.byId(twinId);
    VirtualPatient p = make.get();
    assertThat(p.rateChannels()).isEqualTo(twin.rateInputs().stream().map(InputChannel::name).toList());
    assertThat(p.bolusChannels()).isEqualTo(twin.bolusInputs().stream().map(InputChannel::name).toList());
    assertThat(p.outputs()).contains(output);
    twin.measurements().forEach(m -> assertThat(p.outputs()).contains(m.name()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patients")
  void sameSeedReproducesAndStatesStayPhysicalUnderRandomInputs(String twinId, Supplier<VirtualPatient> make,
      String output, double rate) {
    List<Double> a = randomRun(make.get(), rate, 5L);
    List<Double> b = randomRun(make.get(), rate, 5L);
    List<Double> c = randomRun(make.get(), rate, 6L);
    assertThat(a).isEqualTo(b).isNotEqualTo(c);
    assertThat(a).allSatisfy(v -> assertThat(v).isFinite().isGreaterThanOrEqualTo(0.0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patients")
  void rejectsBadCallsNamingWhatIsAllowed(String twinId, Supplier<VirtualPatient> make, String output, double rate) {
    VirtualPatient p = make.get();
    p.advanceTo(10);
    assertThatThrownBy(() -> p.advanceTo(5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.setRate("nope", 1)).hasMessageContaining(p.rateChannels().get(0));
    assertThatThrownBy(() -> p.setRate(p.rateChannels().get(0), -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> p.trueValue("nope")).hasMessageContaining(output);
    assertThatThrownBy(() -> p.trueParameter("nope")).hasMessageContaining(p.parameterNames().get(0));
    assertThatThrownBy(() -> p.follow(DosingSchedule.empty().rate(1, p.rateChannels().get(0), 1)))
        .hasMessageContaining("before now");
  }

  /** Random rate changes and boluses every 10-60 min for 24 h; returns every output at each step. */
  static List<Double> randomRun(VirtualPatient p, double typicalRate, long seed) {
    var r = new SplittableRandom(seed);
    var out = new ArrayList<Double>();
    while (p.timeMin() < 1440) {
      String ch = p.rateChannels().get(r.nextInt(p.rateChannels().size()));
      p.setRate(ch, typicalRate * 2 * r.nextDouble());
      if (r.nextDouble() < 0.1) {
        p.giveBolus(p.bolusChannels().get(0), typicalRate * 5 * r.nextDouble());
      }
      p.advanceTo(p.timeMin() + 10 + 50 * r.nextDouble());
      for (String o : p.outputs()) {
        out.add(p.trueValue(o));
      }
    }
    return out;
  }
}
