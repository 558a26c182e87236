package org.icutwin.core.catalog;

import java.util.ArrayList;
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

/**
 * Linear mammillary pharmacokinetics with one, two or three compartments and an optional
 * effect site, parameterised by clearances and volumes.
 *
 * <pre>
 *   dA1/dt = R(t) − (CL/V1)·A1 − Σ_j (Q_j/V1)·A1 + Σ_j (Q_j/V_j)·A_j
 *   dA_j/dt = (Q_j/V1)·A1 − (Q_j/V_j)·A_j            j = 2, 3
 *   dCe/dt = ke0·(A1/V1 − Ce)                          (effect site, optional)
 * </pre>
 *
 * A_i amounts in the drug's amount unit (e.g. mg), V_i in L, CL and Q_j in L/min, ke0 in 1/min,
 * R the infusion rate into the central compartment (amount/min); a bolus adds to A1. θ is
 * ordered CL, V1[, Q2, V2[, Q3, V3]][, ke0]. Micro-constants relate as k10 = CL/V1,
 * k1j = Q_j/V1, kj1 = Q_j/V_j (Gibaldi and Perrier, Pharmacokinetics, 2nd ed., ch. 2-3).
 */
public final class MammillaryPkModel implements PhysiologicalModel, LinearPkStructure {
  private final String id;
  private final String drug;
  private final int compartments;
  private final boolean effectSite;
  private final String amountUnit;
  private final StateLayout states;
  private final List<InputChannel> rates;
  private final List<InputChannel> boluses;
  private final List<ParameterSpec> parameters;
  private final List<MeasurementSpec> measurements;

  /**
   * @param compartments 1, 2 or 3
   * @param effectSite whether to add an effect-site concentration Ce (needs parameter ke0)
   * @param amountUnit UCUM amount unit of the drug, e.g. {@code "mg"} or {@code "ug"}
   * @param concentrationScale typical central concentration (amountUnit/L), for state scaling
   * @param concentrationNoise default noise of measured plasma concentrations
   */
  public MammillaryPkModel(String id, String drug, int compartments, boolean effectSite, String amountUnit,
      double concentrationScale, List<ParameterSpec> parameters, NoiseModel concentrationNoise) {
    if (compartments < 1 || compartments > 3) {
      throw new IllegalArgumentException("model " + id + ": 1 to 3 compartments, got " + compartments);
    }
    this.id = id;
    this.drug = drug;
    this.compartments = compartments;
    this.effectSite = effectSite;
    this.amountUnit = amountUnit;
    this.parameters = CatalogChecks.requireParameterNames(id, parameters, parameterNames(compartments, effectSite));
    String concUnit = amountUnit + "/L";
    var vars = new ArrayList<StateVariable>();
    String[] where = {"central", "peripheral (shallow)", "peripheral (deep)"};
    for (int i = 1; i <= compartments; i++) {
      // Amount scale: typical concentration times a volume of order 10 L.
      vars.add(StateVariable.nonNegative("A" + i, amountUnit, concentrationScale * 10.0,
          "amount of " + drug + " in the " + where[i - 1] + " compartment"));
    }
    if (effectSite) {
      vars.add(StateVariable.nonNegative("Ce", concUnit, concentrationScale, "effect-site concentration of " + drug));
    }
    this.states = new StateLayout(vars);
    this.rates = List.of(new InputChannel("infusion", amountUnit + "/min", drug + " infusion into the central compartment"));
    this.boluses = List.of(new InputChannel("bolus", amountUnit, drug + " bolus into the central compartment"));
    var ms = new ArrayList<MeasurementSpec>();
    ms.add(new MeasurementSpec("concentration", concUnit, concentrationNoise, "plasma concentration of " + drug));
    if (effectSite) {
      ms.add(new MeasurementSpec("concentration_effect", concUnit, concentrationNoise,
          "effect-site concentration of " + drug + " (not directly measurable)"));
    }
    this.measurements = List.copyOf(ms);
  }

  /** Parameter names for a structure: CL, V1[, Q2, V2[, Q3, V3]][, ke0]. */
  public static List<String> parameterNames(int compartments, boolean effectSite) {
    var names = new ArrayList<>(List.of("CL", "V1"));
    for (int j = 2; j <= compartments; j++) {
      names.add("Q" + j);
      names.add("V" + j);
    }
    if (effectSite) {
      names.add("ke0");
    }
    return List.copyOf(names);
  }

  @Override
  public MammillaryPkModel pk() {
    return this;
  }

  @Override
  public int compartments() {
    return compartments;
  }

  @Override
  public boolean hasEffectSite() {
    return effectSite;
  }

  public String amountUnit() {
    return amountUnit;
  }

  public String drug() {
    return drug;
  }

  /** Clearance CL (L/min). */
  public double clearance(double[] theta) {
    return theta[0];
  }

  /** Volume of compartment i (1-based), L. */
  public double volume(double[] theta, int i) {
    return theta[2 * i - 1];
  }

  /** Inter-compartmental clearance Q_j between central and compartment j (2 or 3), L/min. */
  public double interCompartmentalClearance(double[] theta, int j) {
    return theta[2 * j - 2];
  }

  /** Effect-site equilibration rate constant ke0 (1/min). */
  public double ke0(double[] theta) {
    if (!effectSite) {
      throw new IllegalStateException("model " + id + " has no effect site");
    }
    return theta[2 * compartments];
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String description() {
    return compartments + "-compartment mammillary PK of " + drug + (effectSite ? " with effect site" : "");
  }

  @Override
  public StateLayout states() {
    return states;
  }

  @Override
  public List<InputChannel> rateInputs() {
    return rates;
  }

  @Override
  public List<InputChannel> bolusInputs() {
    return boluses;
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
    double v1 = theta[1];
    double a1 = x[0];
    double d1 = u[0] - theta[0] / v1 * a1;
    for (int j = 2; j <= compartments; j++) {
      double q = theta[2 * j - 2];
      double flow = q / v1 * a1 - q / theta[2 * j - 1] * x[j - 1];
      d1 -= flow;
      dxdt[j - 1] = flow;
    }
    dxdt[0] = d1;
    if (effectSite) {
      dxdt[compartments] = theta[2 * compartments] * (a1 / v1 - x[compartments]);
    }
  }

  @Override
  public double measure(int k, double[] x, double[] theta) {
    return switch (k) {
      case 0 -> x[0] / theta[1];
      case 1 -> {
        if (!effectSite) {
          throw new IndexOutOfBoundsException("measurement 1 of " + id);
        }
        yield x[compartments];
      }
      default -> throw new IndexOutOfBoundsException("measurement " + k + " of " + id);
    };
  }

  @Override
  public Optional<Readout> readout(int k) {
    return switch (k) {
      case 0 -> Optional.of(Readout.perParameter(0, 1));
      case 1 -> {
        if (!effectSite) {
          throw new IndexOutOfBoundsException("measurement 1 of " + id);
        }
        yield Optional.of(Readout.ofState(compartments));
      }
      default -> throw new IndexOutOfBoundsException("measurement " + k + " of " + id);
    };
  }

  @Override
  public void applyBolus(int channel, double amount, double[] x, double[] theta) {
    if (channel != 0) {
      throw new IndexOutOfBoundsException("bolus channel " + channel + " of " + id);
    }
    x[0] += amount;
  }

  @Override
  public double[] initialState(double[] theta) {
    return new double[states.size()];
  }
}
