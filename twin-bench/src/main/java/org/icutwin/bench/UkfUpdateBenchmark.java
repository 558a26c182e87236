package org.icutwin.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.icutwin.control.twin.GlucoseTwinStates;
import org.icutwin.core.catalog.BergmanInsulinModel;
import org.icutwin.core.catalog.MammillaryPkModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.estimation.Observation;
import org.icutwin.estimation.filter.EstimatedParameter;
import org.icutwin.estimation.filter.EstimationSetup;
import org.icutwin.estimation.filter.Propagators;
import org.icutwin.estimation.filter.UnscentedKalmanFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One UKF cycle (predict over the gap, then a scalar measurement update) as a twin runs it:
 * Bergman with p3 augmented (n = 4) after a 60-min and a 5-min gap (RK4, 1-min step), and
 * two-compartment vancomycin with CL augmented (n = 3, exact propagation) after 60 min.
 * Each twin owns its filter, as in production. See docs/performance.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class UkfUpdateBenchmark {
  private static final NoiseModel LAB = new NoiseModel.Combined(0.1, 0.04);
  private static final NoiseModel ASSAY = new NoiseModel.Combined(3.4, 0.227);

  private UnscentedKalmanFilter bergman60;
  private UnscentedKalmanFilter bergman5;
  private UnscentedKalmanFilter vancomycin60;
  private UnscentedKalmanFilter glucoseTwin60;
  private UnscentedKalmanFilter glucoseTwin5;
  private final double[] bergmanRates = {2000.0 / 60, 0.46, 0, 0};
  private final double[] vancoRates = {1000.0 / 60};
  private long n;

  @Setup
  public void setUp() {
    BergmanInsulinModel b = ModelCatalog.bergmanMinimal();
    double[] tb = ParameterVectors.typical(b, Covariates.none().weightKg(75));
    var bs = new EstimationSetup(b, tb, List.of(EstimatedParameter.drifting("p3", 0.6, 0.3)),
        new double[] {9, 0.005, 40}, new double[] {1.5, 0.003, 10}, new double[] {0.02, 1e-4, 0.5}, 0);
    bergman60 = new UnscentedKalmanFilter(bs, Propagators.forModel(b, 1.0));
    bergman5 = new UnscentedKalmanFilter(bs, Propagators.forModel(b, 1.0));
    // The glucose twin as shipped: Bergman with a gut (4 states), p3 and Gb estimated (n = 6).
    BergmanInsulinModel g = ModelCatalog.insulinBergman();
    double[] tg = ParameterVectors.typical(g, Covariates.none().weightKg(75));
    double[] mean = GlucoseTwinStates.initialMean(9, tg);
    mean[BergmanInsulinModel.QGUT] = 0.46 / tg[BergmanInsulinModel.KGUT];
    var gs = new EstimationSetup(g, tg,
        List.of(EstimatedParameter.drifting("p3", 0.6, 1.0), EstimatedParameter.drifting("Gb", 0.25, 0.2)),
        mean, GlucoseTwinStates.initialSd(1.5), GlucoseTwinStates.processSd(0.05), 0);
    glucoseTwin60 = new UnscentedKalmanFilter(gs, Propagators.forModel(g, 1.0));
    glucoseTwin5 = new UnscentedKalmanFilter(gs, Propagators.forModel(g, 1.0));
    MammillaryPkModel v = ModelCatalog.vancomycinGoti2018();
    double[] tv = ParameterVectors.typical(v, Covariates.none().weightKg(75).creatinineClearanceMlPerMin(80)
        .with(Covariate.HAEMODIALYSIS, false));
    var vs = new EstimationSetup(v, tv, List.of(EstimatedParameter.drifting("CL", 0.38, 0.2)),
        new double[] {900, 600}, new double[] {200, 200}, new double[] {1, 1}, 0);
    vancomycin60 = new UnscentedKalmanFilter(vs, Propagators.forModel(v, 1.0));
  }

  @Benchmark
  public Object bergmanAfter60MinGap() {
    double t = bergman60.timeMin() + 60;
    bergman60.predict(t, bergmanRates);
    return bergman60.update(Observation.of("g", t, "glucose", 7.0, LAB, "lab"), Double.POSITIVE_INFINITY);
  }

  @Benchmark
  public Object bergmanAfter5MinGap() {
    double t = bergman5.timeMin() + 5;
    bergman5.predict(t, bergmanRates);
    return bergman5.update(Observation.of("g", t, "glucose", 7.0, LAB, "cgm"), Double.POSITIVE_INFINITY);
  }

  @Benchmark
  public Object glucoseTwinAfter60MinGap() {
    double t = glucoseTwin60.timeMin() + 60;
    glucoseTwin60.predict(t, bergmanRates);
    return glucoseTwin60.update(Observation.of("g", t, "glucose", 7.0, LAB, "lab"), Double.POSITIVE_INFINITY);
  }

  @Benchmark
  public Object glucoseTwinAfter5MinGap() {
    double t = glucoseTwin5.timeMin() + 5;
    glucoseTwin5.predict(t, bergmanRates);
    return glucoseTwin5.update(Observation.of("g", t, "glucose", 7.0, LAB, "cgm"), Double.POSITIVE_INFINITY);
  }

  @Benchmark
  public Object vancomycinAfter60MinGap() {
    double t = vancomycin60.timeMin() + 60;
    vancomycin60.predict(t, vancoRates);
    return vancomycin60.update(Observation.of("v", t, "concentration", 15.0, ASSAY, "lab"), Double.POSITIVE_INFINITY);
  }
}
