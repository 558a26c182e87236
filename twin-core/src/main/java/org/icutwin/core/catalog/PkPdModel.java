package org.icutwin.core.catalog;

import java.util.ArrayList;
import java.util.List;
import org.icutwin.core.model.InputChannel;
import org.icutwin.core.model.MeasurementSpec;
import org.icutwin.core.model.NoiseModel;
import org.icutwin.core.model.ParameterSpec;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.model.StateLayout;

/**
 * Mammillary PK with a sigmoid Emax effect measured on a baseline, e.g. norepinephrine → mean
 * arterial pressure: MAP = MAP0 + dMAP·C/(C + EC50) (Oualha 2014, Br J Clin Pharmacol 78:886).
 *
 * <p>The states and dynamics are those of the PK model; θ is the PK parameters followed by the
 * four effect parameters E0, Emax, EC50, γ (names chosen by the catalog, e.g. MAP0, dMAP). The
 * effect is driven by the central concentration, or by the effect site when the PK model has one.
 */
public final class PkPdModel implements PhysiologicalModel, LinearPkStructure {
  private final String id;
  private final MammillaryPkModel pk;
  private final int sign;
  private final int pd;
  private final List<ParameterSpec> parameters;
  private final List<MeasurementSpec> measurements;

  /**
   * @param effectParameters E0, Emax, EC50, γ specs (any names), in that order
   * @param effect the measured effect, e.g. {@code map} in {@code mm[Hg]}
   * @param sign +1 stimulating, −1 inhibitory
   */
  public PkPdModel(String id, MammillaryPkModel pk, List<ParameterSpec> effectParameters,
      String effectName, String effectUnit, NoiseModel effectNoise, String effectDescription, int sign) {
    if (effectParameters.size() != 4) {
      throw new IllegalArgumentException("model " + id + " needs 4 effect parameters (E0, Emax, EC50, gamma)");
    }
    if (sign != 1 && sign != -1) {
      throw new IllegalArgumentException("sign must be +1 or -1");
    }
    this.id = id;
    this.pk = pk;
    this.sign = sign;
    this.pd = pk.parameters().size();
    var ps = new ArrayList<>(pk.parameters());
    ps.addAll(effectParameters);
    this.parameters = List.copyOf(ps);
    var ms = new ArrayList<>(pk.measurements());
    ms.add(new MeasurementSpec(effectName, effectUnit, effectNoise, effectDescription));
    this.measurements = List.copyOf(ms);
    if (measurements.stream().map(MeasurementSpec::name).distinct().count() != measurements.size()) {
      throw new IllegalArgumentException("model " + id + ": effect name '" + effectName + "' clashes with a PK output");
    }
  }

  /** The effect for θ at the driving concentration of state {@code x}. */
  public double effect(double[] x, double[] theta) {
    double c = pk.hasEffectSite() ? x[pk.compartments()] : x[0] / theta[1];
    return SigmoidEmax.effect(c, theta[pd], theta[pd + 1], theta[pd + 2], theta[pd + 3], sign);
  }

  /** Index in θ of the baseline effect E0. */
  public int baselineIndex() {
    return pd;
  }

  public int sign() {
    return sign;
  }

  @Override
  public MammillaryPkModel pk() {
    return pk;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String description() {
    return pk.description() + " with a sigmoid Emax effect on " + measurements.get(measurements.size() - 1).name();
  }

  @Override
  public StateLayout states() {
    return pk.states();
  }

  @Override
  public List<InputChannel> rateInputs() {
    return pk.rateInputs();
  }

  @Override
  public List<InputChannel> bolusInputs() {
    return pk.bolusInputs();
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
    pk.derivative(t, x, u, theta, dxdt);
  }

  @Override
  public double measure(int k, double[] x, double[] theta) {
    return k == measurements.size() - 1 ? effect(x, theta) : pk.measure(k, x, theta);
  }

  @Override
  public void applyBolus(int channel, double amount, double[] x, double[] theta) {
    pk.applyBolus(channel, amount, x, theta);
  }

  @Override
  public double[] initialState(double[] theta) {
    return pk.initialState(theta);
  }
}
