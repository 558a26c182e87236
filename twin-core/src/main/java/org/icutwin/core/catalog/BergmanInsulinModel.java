package org.icutwin.core.catalog;

import java.util.List;
import java.util.Optional;
import org.icutwin.core.model.InputChannel;
import org.icutwin.core.model.MeasurementSpec;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterSpec;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.model.Readout;
import org.icutwin.core.model.StateLayout;
import org.icutwin.core.model.StateVariable;
import org.icutwin.core.simulation.Rk4Specialised;

/**
 * The Bergman minimal model extended with plasma insulin kinetics, for IV insulin in the ICU,
 * with or without one gut compartment for enteral glucose.
 *
 * <pre>
 *   dG/dt    = −max(0, p1 + X)·G + p1·Gb + Ra(t)/VG
 *   dX/dt    = −p2·X + p3·(I − Ib)
 *   dI/dt    = −n·(I − Ib) + u_IV(t)/VI
 *   dQgut/dt = u_enteral(t) − kgut·Qgut                      (gut variant only)
 *   Ra       = kgut·Qgut + parenteral + dextrose              (gut variant)
 *            = enteral + parenteral + dextrose                (minimal variant)
 * </pre>
 *
 * G plasma glucose (mmol/L), X remote insulin action (1/min), I plasma insulin (mU/L), Qgut
 * enteral glucose not yet absorbed (mmol); time in minutes. Insulin sensitivity SI = p3/p2
 * (L/(mU·min)). Glucose disposal is never negative: with insulin below basal X is negative, and
 * where it would outweigh p1 the disposal rate is held at zero instead of turning into production
 * that grows with glucose (a filter's sigma point with p3 far out and I below Ib otherwise made the
 * forecast grow without bound, docs/models.md). In the ICU p1·Gb stands for an elevated, time-varying net endogenous glucose
 * production. The minimal variant lets enteral glucose appear without delay; the gut variant (the
 * one glucose twins run, docs/models.md) delays it by one first-order compartment, so a feed that
 * stops keeps glucose up for a while and a feed that starts raises it gradually. Parenteral and
 * intravenous glucose appear at once in both. Sources: Bergman 1979 (Am J Physiol 236:E667); ICU
 * ranges from Pretty 2012 (Ann Intensive Care 2:17); kgut from Hovorka 2004 (see the catalog).
 */
public final class BergmanInsulinModel implements PhysiologicalModel, Rk4Specialised {
  /** State indices. */
  public static final int G = 0, X = 1, I = 2;
  /** The gut state's index, in the gut variant only. */
  public static final int QGUT = 3;
  /** Parameter indices, in the order of {@link #PARAMETER_NAMES}; {@link #KGUT} in the gut variant only. */
  public static final int P1 = 0, GB = 1, P2 = 2, P3 = 3, N = 4, IB = 5, VG = 6, VI = 7, KGUT = 8;
  /** Rate input indices. */
  public static final int INSULIN_IV = 0, GLUCOSE_ENTERAL = 1, GLUCOSE_PARENTERAL = 2, GLUCOSE_DEXTROSE = 3;
  /** Bolus channel indices. */
  public static final int INSULIN_BOLUS = 0, DEXTROSE_BOLUS = 1;
  /** Measurement indices. */
  public static final int GLUCOSE = 0, PLASMA_INSULIN = 1;

  public static final List<String> PARAMETER_NAMES = List.of("p1", "Gb", "p2", "p3", "n", "Ib", "VG", "VI");
  /** The gut variant's parameters: {@link #PARAMETER_NAMES} and the absorption rate kgut (1/min). */
  public static final List<String> PARAMETER_NAMES_GUT = List.of("p1", "Gb", "p2", "p3", "n", "Ib", "VG", "VI", "kgut");

  private static final StateLayout STATES = StateLayout.of(
      StateVariable.nonNegative("G", "mmol/L", 8.0, "plasma glucose concentration"),
      StateVariable.unbounded("X", "/min", 0.01, "remote insulin action on glucose disposal"),
      StateVariable.nonNegative("I", "mU/L", 50.0, "plasma insulin concentration"));

  private static final StateLayout STATES_GUT = StateLayout.of(
      StateVariable.nonNegative("G", "mmol/L", 8.0, "plasma glucose concentration"),
      StateVariable.unbounded("X", "/min", 0.01, "remote insulin action on glucose disposal"),
      StateVariable.nonNegative("I", "mU/L", 50.0, "plasma insulin concentration"),
      StateVariable.nonNegative("Qgut", "mmol", 30.0, "enteral glucose in the gut, not yet absorbed"));

  private static final List<InputChannel> RATES = List.of(
      new InputChannel("insulin_iv", "mU/min", "intravenous insulin infusion into plasma"),
      new InputChannel("glucose_enteral", "mmol/min", "glucose in enteral feed"),
      new InputChannel("glucose_parenteral", "mmol/min", "glucose in parenteral nutrition"),
      new InputChannel("glucose_dextrose", "mmol/min", "intravenous dextrose infusion"));

  private static final List<InputChannel> BOLUSES = List.of(
      new InputChannel("insulin_bolus", "mU", "intravenous insulin bolus into plasma"),
      new InputChannel("dextrose_bolus", "mmol", "intravenous dextrose bolus (e.g. 50% dextrose)"));

  private final String id;
  private final List<ParameterSpec> parameters;
  private final List<MeasurementSpec> measurements;
  private final boolean gut;

  /**
   * The minimal variant (three states, enteral glucose appearing at once).
   *
   * @param id model identifier
   * @param parameters specs named and ordered as {@link #PARAMETER_NAMES}
   * @param glucoseNoise default noise of blood glucose measurements (mmol/L)
   */
  public BergmanInsulinModel(String id, List<ParameterSpec> parameters, NoiseModel glucoseNoise) {
    this(id, parameters, glucoseNoise, false);
  }

  /**
   * @param id model identifier
   * @param parameters specs named and ordered as {@link #PARAMETER_NAMES_GUT} with a gut, else
   *     {@link #PARAMETER_NAMES}
   * @param glucoseNoise default noise of blood glucose measurements (mmol/L)
   * @param gut whether enteral glucose passes through the gut compartment Qgut (four states)
   */
  public BergmanInsulinModel(String id, List<ParameterSpec> parameters, NoiseModel glucoseNoise, boolean gut) {
    this.id = id;
    this.gut = gut;
    this.parameters = CatalogChecks.requireParameterNames(id, parameters, gut ? PARAMETER_NAMES_GUT : PARAMETER_NAMES);
    this.measurements = List.of(
        new MeasurementSpec("glucose", "mmol/L", glucoseNoise, "blood glucose"),
        new MeasurementSpec("plasma_insulin", "mU/L", new NoiseModel.Combined(2.0, 0.1),
            "plasma insulin (research assay; not routine in the ICU)"));
  }

  /** Insulin sensitivity SI = p3/p2 in L/(mU·min). */
  public static double insulinSensitivity(double[] theta) {
    return theta[P3] / theta[P2];
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String description() {
    return gut ? "Bergman minimal model with plasma insulin kinetics and one gut compartment for enteral glucose"
        : "Bergman minimal model with plasma insulin kinetics (IV insulin, glucose appearance)";
  }

  @Override
  public StateLayout states() {
    return gut ? STATES_GUT : STATES;
  }

  @Override
  public List<InputChannel> rateInputs() {
    return RATES;
  }

  @Override
  public List<InputChannel> bolusInputs() {
    return BOLUSES;
  }

  @Override
  public List<ParameterSpec> parameters() {
    return parameters;
  }

  @Override
  public List<MeasurementSpec> measurements() {
    return measurements;
  }

  @Override
  public void derivative(double t, double[] x, double[] u, double[] theta, double[] dxdt) {
    double enteral = u[GLUCOSE_ENTERAL];
    if (gut) {
      enteral = theta[KGUT] * x[QGUT];
      dxdt[QGUT] = u[GLUCOSE_ENTERAL] - enteral;
    }
    double ra = enteral + u[GLUCOSE_PARENTERAL] + u[GLUCOSE_DEXTROSE];
    dxdt[G] = -Math.max(0.0, theta[P1] + x[X]) * x[G] + theta[P1] * theta[GB] + ra / theta[VG];
    dxdt[X] = -theta[P2] * x[X] + theta[P3] * (x[I] - theta[IB]);
    dxdt[I] = -theta[N] * (x[I] - theta[IB]) + u[INSULIN_IV] / theta[VI];
  }

  /**
   * RK4 on this model with everything in locals: the same steps and stage formulas as
   * {@code Rk4Integrator} on {@link #derivative}, and the same expression order, so the two
   * agree to rounding. The UKF's sigma-point propagation spends most of its time here.
   */
  @Override
  public void propagateRk4(double[] theta, double[] u, double t0, double t1, double maxStep, double[] x) {
    if (gut) {
      propagateRk4Gut(theta, u, t0, t1, maxStep, x);
      return;
    }
    double p1 = theta[P1], p2 = theta[P2], p3 = theta[P3], n = theta[N], ib = theta[IB];
    double basal = theta[P1] * theta[GB];
    double appearance = (u[GLUCOSE_ENTERAL] + u[GLUCOSE_PARENTERAL] + u[GLUCOSE_DEXTROSE]) / theta[VG];
    double insulin = u[INSULIN_IV] / theta[VI];
    int steps = Rk4Specialised.steps(t0, t1, maxStep);
    double h = (t1 - t0) / steps;
    double half = 0.5 * h;
    double sixth = h / 6.0;
    double g = x[G], ax = x[X], i = x[I];
    for (int s = 0; s < steps; s++) {
      double g1 = -Math.max(0.0, p1 + ax) * g + basal + appearance;
      double x1 = -p2 * ax + p3 * (i - ib);
      double i1 = -n * (i - ib) + insulin;
      double gt = g + half * g1, xt = ax + half * x1, it = i + half * i1;
      double g2 = -Math.max(0.0, p1 + xt) * gt + basal + appearance;
      double x2 = -p2 * xt + p3 * (it - ib);
      double i2 = -n * (it - ib) + insulin;
      gt = g + half * g2;
      xt = ax + half * x2;
      it = i + half * i2;
      double g3 = -Math.max(0.0, p1 + xt) * gt + basal + appearance;
      double x3 = -p2 * xt + p3 * (it - ib);
      double i3 = -n * (it - ib) + insulin;
      gt = g + h * g3;
      xt = ax + h * x3;
      it = i + h * i3;
      double g4 = -Math.max(0.0, p1 + xt) * gt + basal + appearance;
      double x4 = -p2 * xt + p3 * (it - ib);
      double i4 = -n * (it - ib) + insulin;
      g += sixth * (g1 + 2.0 * (g2 + g3) + g4);
      ax += sixth * (x1 + 2.0 * (x2 + x3) + x4);
      i += sixth * (i1 + 2.0 * (i2 + i3) + i4);
    }
    x[G] = g;
    x[X] = ax;
    x[I] = i;
  }

  /** {@link #propagateRk4} of the gut variant: the same, with Qgut as a fourth state. */
  private void propagateRk4Gut(double[] theta, double[] u, double t0, double t1, double maxStep, double[] x) {
    double p1 = theta[P1], p2 = theta[P2], p3 = theta[P3], n = theta[N], ib = theta[IB], k = theta[KGUT];
    double basal = theta[P1] * theta[GB];
    double vg = theta[VG];
    double iv = u[GLUCOSE_PARENTERAL] + u[GLUCOSE_DEXTROSE];
    double feed = u[GLUCOSE_ENTERAL];
    double insulin = u[INSULIN_IV] / theta[VI];
    int steps = Rk4Specialised.steps(t0, t1, maxStep);
    double h = (t1 - t0) / steps;
    double half = 0.5 * h;
    double sixth = h / 6.0;
    double g = x[G], ax = x[X], i = x[I], q = x[QGUT];
    for (int s = 0; s < steps; s++) {
      double a1 = k * q;
      double q1 = feed - a1;
      double g1 = -Math.max(0.0, p1 + ax) * g + basal + (a1 + iv) / vg;
      double x1 = -p2 * ax + p3 * (i - ib);
      double i1 = -n * (i - ib) + insulin;
      double gt = g + half * g1, xt = ax + half * x1, it = i + half * i1, qt = q + half * q1;
      double a2 = k * qt;
      double q2 = feed - a2;
      double g2 = -Math.max(0.0, p1 + xt) * gt + basal + (a2 + iv) / vg;
      double x2 = -p2 * xt + p3 * (it - ib);
      double i2 = -n * (it - ib) + insulin;
      gt = g + half * g2;
      xt = ax + half * x2;
      it = i + half * i2;
      qt = q + half * q2;
      double a3 = k * qt;
      double q3 = feed - a3;
      double g3 = -Math.max(0.0, p1 + xt) * gt + basal + (a3 + iv) / vg;
      double x3 = -p2 * xt + p3 * (it - ib);
      double i3 = -n * (it - ib) + insulin;
      gt = g + h * g3;
      xt = ax + h * x3;
      it = i + h * i3;
      qt = q + h * q3;
      double a4 = k * qt;
      double q4 = feed - a4;
      double g4 = -Math.max(0.0, p1 + xt) * gt + basal + (a4 + iv) / vg;
      double x4 = -p2 * xt + p3 * (it - ib);
      double i4 = -n * (it - ib) + insulin;
      g += sixth * (g1 + 2.0 * (g2 + g3) + g4);
      ax += sixth * (x1 + 2.0 * (x2 + x3) + x4);
      i += sixth * (i1 + 2.0 * (i2 + i3) + i4);
      q += sixth * (q1 + 2.0 * (q2 + q3) + q4);
    }
    x[G] = g;
    x[X] = ax;
    x[I] = i;
    x[QGUT] = q;
  }

  /** Whether enteral glucose passes through the gut compartment (four states). */
  public boolean hasGut() {
    return gut;
  }

  @Override
  public double measure(int k, double[] x, double[] theta) {
    return switch (k) {
      case GLUCOSE -> x[G];
      case PLASMA_INSULIN -> x[I];
      default -> throw new IndexOutOfBoundsException("measurement " + k + " of " + id);
    };
  }

  @Override
  public Optional<Readout> readout(int k) {
    return switch (k) {
      case GLUCOSE -> Optional.of(Readout.ofState(G));
      case PLASMA_INSULIN -> Optional.of(Readout.ofState(I));
      default -> throw new IndexOutOfBoundsException("measurement " + k + " of " + id);
    };
  }

  @Override
  public void applyBolus(int channel, double amount, double[] x, double[] theta) {
    switch (channel) {
      case INSULIN_BOLUS -> x[I] += amount / theta[VI];
      case DEXTROSE_BOLUS -> x[G] += amount / theta[VG];
      default -> throw new IndexOutOfBoundsException("bolus channel " + channel + " of " + id);
    }
  }

  @Override
  public double[] initialState(double[] theta) {
    return gut ? new double[] {theta[GB], 0.0, theta[IB], 0.0} : new double[] {theta[GB], 0.0, theta[IB]};
  }
}
