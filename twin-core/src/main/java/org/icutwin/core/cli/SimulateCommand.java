package org.icutwin.core.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.icutwin.core.catalog.LinearPkStructure;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.model.Covariate;
import org.icutwin.core.model.Covariates;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.model.PhysiologicalModel;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.core.simulation.LinearPkExactPropagator;
import org.icutwin.core.simulation.OdePropagator;
import org.icutwin.core.simulation.Propagator;
import org.icutwin.core.simulation.Simulator;
import org.icutwin.core.simulation.Trajectory;

/**
 * Prints a catalog model's trajectory under a built-in example regimen, as CSV on stdout.
 *
 * <p>{@code simulate [--model ID] [--hours H] [--every MIN] [--weight KG] [--crcl ML_PER_MIN]}.
 * The regimens are illustrations of the model, not dosing advice.
 */
public final class SimulateCommand {
  private static final double GLUCOSE_G_PER_MMOL = 0.18016;

  private SimulateCommand() {}

  public static void main(String[] args) {
    try {
      run(args, System.out);
    } catch (IllegalArgumentException e) {
      System.err.println("simulate: " + e.getMessage());
      System.err.println("usage: simulate [--model " + String.join("|", new TreeMap<>(ModelCatalog.all()).keySet())
          + "] [--hours H] [--every MIN] [--weight KG] [--crcl ML_PER_MIN]");
      System.exit(2);
    }
  }

  static void run(String[] args, PrintStream out) {
    Map<String, String> opts = parse(args);
    String id = opts.getOrDefault("model", ModelCatalog.BERGMAN_INSULIN);
    double hours = number(opts, "hours", 12);
    double every = number(opts, "every", 30);
    double weight = number(opts, "weight", 70);
    double crcl = number(opts, "crcl", 90);
    if (!(hours > 0 && hours <= 24 * 14) || !(every > 0)) {
      throw new IllegalArgumentException("--hours must be in (0, 336] and --every > 0");
    }
    PhysiologicalModel model = ModelCatalog.byId(id);
    Covariates patient = Covariates.none().weightKg(weight).creatinineClearanceMlPerMin(crcl)
        .with(Covariate.HAEMODIALYSIS, false);
    double[] theta = ParameterVectors.typical(model, patient);
    DosingSchedule regimen = exampleRegimen(id, weight, hours * 60);
    Propagator propagator = model instanceof LinearPkStructure ? new LinearPkExactPropagator()
        : OdePropagator.dormandPrince(1e-9, 1e-9);
    var times = new ArrayList<Double>();
    for (double t = 0; t <= hours * 60 + 1e-9; t += every) {
      times.add(t);
    }
    double[] grid = times.stream().mapToDouble(Double::doubleValue).toArray();
    Trajectory tr = new Simulator(propagator).simulate(model, theta, model.initialState(theta), 0, regimen, grid);
    print(model, theta, regimen, tr, out);
  }

  private static DosingSchedule exampleRegimen(String id, double weightKg, double endMin) {
    return switch (id) {
      case ModelCatalog.BERGMAN_INSULIN, ModelCatalog.BERGMAN_MINIMAL -> DosingSchedule.empty()
          .rate(0, "glucose_enteral", 5.0 / GLUCOSE_G_PER_MMOL / 60) // 5 g/h enteral glucose
          .rate(60, "insulin_iv", 2.0 * 1000 / 60) // 2 U/h
          .rate(240, "insulin_iv", 4.0 * 1000 / 60); // 4 U/h
      case ModelCatalog.NOREPINEPHRINE_MAP -> DosingSchedule.empty()
          .rate(0, "infusion", 0.1 * weightKg) // 0.1 ug/kg/min
          .rate(60, "infusion", 0.2 * weightKg);
      case ModelCatalog.VANCOMYCIN_GOTI -> {
        var s = DosingSchedule.empty().infusion(0, "infusion", Math.min(25 * weightKg, 3000), 120);
        for (double t = 12 * 60; t < endMin; t += 12 * 60) {
          s = s.infusion(t, "infusion", 1000, 60);
        }
        yield s;
      }
      case ModelCatalog.PROPOFOL_MARSH -> DosingSchedule.empty()
          .bolus(0, "bolus", 1.0 * weightKg)
          .rate(0, "infusion", 4.0 * weightKg / 60); // 4 mg/kg/h
      default -> throw new IllegalArgumentException("no example regimen for model " + id);
    };
  }

  private static void print(PhysiologicalModel model, double[] theta, DosingSchedule regimen, Trajectory tr, PrintStream out) {
    out.println("# model: " + model.id() + " - " + model.description());
    out.println("# example regimen (illustration, not dosing advice): " + regimen.events().size() + " events");
    regimen.events().forEach(e -> out.println("#   " + e));
    var header = new StringBuilder("time_min");
    model.states().variables().forEach(v -> header.append(',').append(v.name()).append(" [").append(v.unit()).append(']'));
    model.measurements().forEach(m -> header.append(",y:").append(m.name()).append(" [").append(m.unit()).append(']'));
    out.println(header);
    for (int k = 0; k < tr.size(); k++) {
      var line = new StringBuilder(String.format(Locale.ROOT, "%.1f", tr.time(k)));
      double[] x = tr.state(k);
      for (double v : x) {
        line.append(String.format(Locale.ROOT, ",%.6g", v));
      }
      for (int m = 0; m < model.measurements().size(); m++) {
        line.append(String.format(Locale.ROOT, ",%.6g", model.measure(m, x, theta)));
      }
      out.println(line);
    }
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new TreeMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --option value pairs, got '" + a + "'");
      }
      String key = a.substring(2);
      if (!java.util.Set.of("model", "hours", "every", "weight", "crcl").contains(key)) {
        throw new IllegalArgumentException("unknown option --" + key);
      }
      opts.put(key, args[++i]);
    }
    return opts;
  }

  private static double number(Map<String, String> opts, String key, double dflt) {
    String v = opts.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " needs a finite number, got '" + v + "'");
    }
  }
}
