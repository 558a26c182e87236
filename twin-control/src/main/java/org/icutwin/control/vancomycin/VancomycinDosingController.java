package org.icutwin.control.vancomycin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.icutwin.core.catalog.MammillaryPkModel;
import org.icutwin.core.catalog.ModelCatalog;
import org.icutwin.core.druglib.DrugLibrary;
import org.icutwin.core.model.ParameterVectors;
import org.icutwin.core.simulation.DosingSchedule;
import org.icutwin.estimation.Observation;
import org.icutwin.estimation.identifiability.CandidateGain;
import org.icutwin.estimation.identifiability.ModelOutput;
import org.icutwin.estimation.identifiability.ParameterScale;
import org.icutwin.estimation.identifiability.SamplingDesign;
import org.icutwin.estimation.map.MapEstimator;
import org.icutwin.estimation.map.MapRequest;
import org.icutwin.estimation.map.MapResult;

/**
 * Model-informed precision dosing of intermittent vancomycin: personalise the Goti 2018 model by
 * MAP-Bayes, then choose the practical regimen with the best posterior chance of an AUC24 in
 * 400-600 mg·h/L on the target days, inside the drug library's limits.
 *
 * <p>Score of a regimen, over parameter samples θ_s drawn from the Laplace posterior of η (a
 * priori: the population prior N(0, diag ω²)) and the two target days d:
 * <pre>
 * score = mean_d P_s(400 ≤ AUC24_d ≤ 600) − w · max(0, max_d P_s(AUC24_d > 700) − r)
 * </pre>
 * with w = {@code toxicPenalty} and r = {@code maxToxicRisk} (Rybak 2020, Am J Health Syst Pharm
 * 77:835 for the band; AUC24 above about 700 for the nephrotoxicity concern). Ties go to the
 * regimen whose point AUC24 is closest to the aim on the log scale, then to the interval closest
 * to 12 h. The search is exhaustive over doses in {@code doseStepMg} steps and the candidate
 * intervals; AUC24 is linear in the maintenance dose for a linear model, so each (sample,
 * interval, infusion duration) costs one closed-form superposition ({@link TwoCompartmentKernel}).
 * The next level is the D-optimal time ({@link SamplingDesign}) among hourly candidates over the
 * target days. Stateless apart from its configuration; one instance may serve many patients.
 */
public final class VancomycinDosingController {
  /** Upper end of the dose search, mg: above any library's cap so that a cap shows as binding. */
  static final double SEARCH_MAX_DOSE_MG = 4500;
  private static final double Z90 = 1.6448536269514722;
  private static final double DAY_MIN = 1440;

  private final MammillaryPkModel model = ModelCatalog.vancomycinGoti2018();
  private final VancomycinLimits limits;
  private final VancomycinLimits hardLimits;
  private final VancomycinOptions options;

  /** Reads the {@code vancomycin@careArea} entry; fails naming the entries the library has. */
  public VancomycinDosingController(DrugLibrary library, String careArea, VancomycinOptions options) {
    Objects.requireNonNull(library, "library");
    this.options = Objects.requireNonNull(options, "options");
    this.limits = VancomycinLimits.of(library.entry("vancomycin", careArea), options.softLimits());
    this.hardLimits = VancomycinLimits.of(library.entry("vancomycin", careArea), false);
  }

  /** The limits this controller keeps. */
  public VancomycinLimits limits() {
    return limits;
  }

  /** A recommendation for the request; see the class documentation. */
  public VancomycinRecommendation recommend(VancomycinRequest request) {
    var reasons = EnumSet.noneOf(VancomycinReason.class);
    Posterior post = personalise(request, reasons);
    double weight = request.weightKg();
    double first = request.history().stream().mapToDouble(VancomycinDose::startMin).min()
        .orElse(request.nextDoseMin());
    double t = request.nextDoseMin();
    double[] windows = targetWindows(request);

    Optional<VancomycinDose> loading = Optional.empty();
    if (request.history().isEmpty() && options.loadingMgPerKg() > 0) {
      double wanted = roundDown(options.loadingMgPerKg() * weight);
      double allowed = Math.min(wanted, roundDown(Math.min(limits.maxSingleDoseMg(weight), limits.max24hMg())));
      if (allowed < wanted) {
        reasons.add(VancomycinReason.LOADING_DOSE_LIMITED_BY_LIBRARY);
      }
      if (allowed > 0) {
        loading = Optional.of(new VancomycinDose(t, allowed, durationMin(allowed)));
        reasons.add(VancomycinReason.LOADING_DOSE);
      }
    }

    Forecaster fc = new Forecaster(post.samples(), post.point(), request.history(), loading, windows);
    Candidate best = null;
    Candidate bestBlocked = null;
    for (double tau : options.intervalsH()) {
      for (double dose = options.doseStepMg(); dose <= SEARCH_MAX_DOSE_MG + 1e-9; dose += options.doseStepMg()) {
        var regimen = new VancomycinRegimen(loading, dose, tau, durationMin(dose) / 60.0, t);
        Candidate c = evaluate(fc, regimen);
        var all = new ArrayList<>(request.history());
        all.addAll(regimen.dosesUntil(windows[1] + DAY_MIN));
        if (limits.violations(all, weight).isEmpty()) {
          best = better(c, best);
        } else {
          bestBlocked = better(c, bestBlocked);
        }
      }
    }
    if (best == null) {
      throw new IllegalStateException("no vancomycin regimen fits the library limits of " + limits.entryId()
          + " with the doses already given");
    }
    if (bestBlocked != null && bestBlocked.score() > best.score() + 1e-9
        && bestBlocked.regimen().maintenanceDoseMg() > best.regimen().maintenanceDoseMg()) {
      reasons.add(VancomycinReason.DOSE_LIMITED_BY_LIBRARY);
    }
    VancomycinRegimen chosen = best.regimen();
    if (chosen.intervalH() > 12) {
      reasons.add(VancomycinReason.INTERVAL_EXTENDED_FOR_LOW_CLEARANCE);
    }
    if (chosen.infusionDurationH() > options.minInfusionH() + 1e-9) {
      reasons.add(VancomycinReason.INFUSION_EXTENDED_FOR_RATE_LIMIT);
    }
    List<AucForecast> forecasts = fc.forecasts(chosen);
    if (forecasts.stream().mapToDouble(AucForecast::probabilityAboveToxic).max().orElseThrow()
        > options.maxToxicRisk()) {
      reasons.add(VancomycinReason.HIGH_EXPOSURE_RISK);
    }
    if (forecasts.stream().mapToDouble(AucForecast::probabilityInBand).min().orElseThrow() < 0.5) {
      reasons.add(VancomycinReason.LOW_PROBABILITY_IN_BAND);
    }
    CandidateGain next = nextLevel(request, post, chosen, first, windows);
    var course = new ArrayList<>(request.history());
    course.addAll(chosen.dosesUntil(windows[1] + DAY_MIN));
    double scheduled = LevelSchedule.next(course, request.levels().stream().map(Observation::timeMin).toList(),
        request.nowMin()).orElse(Double.NaN);
    return new VancomycinRecommendation(chosen, forecasts, post.clLPerH(), post.clLower90LPerH(),
        post.clUpper90LPerH(), reasons, next.timeMin(), next.gainNats(), scheduled, model.id(),
        model.parameters().stream().map(p -> p.name()).toList(), Arrays.stream(post.point()).boxed().toList());
  }

  /**
   * The two target days: the therapy day in which the new regimen starts (day 2 at the earliest,
   * as day 1 is governed by the loading dose) and the next one; therapy starts with the first dose
   * given, or with the new regimen when none has been.
   */
  private static double[] targetWindows(VancomycinRequest request) {
    double first = request.history().stream().mapToDouble(VancomycinDose::startMin).min()
        .orElse(request.nextDoseMin());
    double day = Math.max(1, Math.floor((request.nextDoseMin() - first) / DAY_MIN));
    return new double[] {first + day * DAY_MIN, first + (day + 1) * DAY_MIN};
  }

  /**
   * What-if: clinician-specified regimens side by side. Each regimen's AUC24 over the target days
   * of {@link #recommend} for the same request, and its central concentration at {@code timesMin}
   * (median and 90% band), all on the same posterior samples (common random numbers: identical
   * regimens give identical numbers, and the difference between two regimens on a sample is the
   * regimens' alone). A what-if is not an order: a regimen beyond a hard library limit is still
   * simulated, and the limits it would break, with the doses already given, are stated.
   *
   * @param request the patient, doses given, levels and now ({@code nextDoseMin} fixes the target days)
   * @param regimens 1 or more regimens, none starting before now
   * @param timesMin sorted report times for the concentration band, not before now
   * @throws IllegalArgumentException for an empty list, a regimen starting before now, or bad times
   */
  public List<RegimenOutcome> compare(VancomycinRequest request, List<VancomycinRegimen> regimens, double[] timesMin) {
    if (regimens.isEmpty()) {
      throw new IllegalArgumentException("no regimens to compare");
    }
    for (int k = 0; k < timesMin.length; k++) {
      if (!Double.isFinite(timesMin[k]) || timesMin[k] < request.nowMin() || (k > 0 && timesMin[k] <= timesMin[k - 1])) {
        throw new IllegalArgumentException("report times must be finite, not before now and strictly increasing");
      }
    }
    for (VancomycinRegimen r : regimens) {
      if (r.firstDoseMin() < request.nowMin()) {
        throw new IllegalArgumentException("a regimen starts at t=" + r.firstDoseMin() + " min, before now (t="
            + request.nowMin() + " min): doses already given belong in the history");
      }
    }
    Posterior post = personalise(request, EnumSet.noneOf(VancomycinReason.class));
    double[] windows = targetWindows(request);
    var kernels = post.samples().stream().map(TwoCompartmentKernel::new).toList();
    double last = timesMin.length == 0 ? 0 : timesMin[timesMin.length - 1];
    var out = new ArrayList<RegimenOutcome>();
    for (VancomycinRegimen r : regimens) {
      var forecaster = new Forecaster(post.samples(), post.point(), request.history(), r.loadingDose(), windows);
      var all = new ArrayList<>(request.history());
      all.addAll(r.dosesUntil(Math.max(windows[1] + DAY_MIN, last)));
      double[] median = new double[timesMin.length];
      double[] lower = new double[timesMin.length];
      double[] upper = new double[timesMin.length];
      double[] column = new double[kernels.size()];
      for (int k = 0; k < timesMin.length; k++) {
        for (int s = 0; s < kernels.size(); s++) {
          column[s] = kernels.get(s).concentration(all, timesMin[k]);
        }
        Arrays.sort(column);
        median[k] = quantile(column, 0.5);
        lower[k] = quantile(column, 0.05);
        upper[k] = quantile(column, 0.95);
      }
      // At least the regimen's first two days, wherever they fall.
      double checkUntil = Math.max(Math.max(windows[1] + DAY_MIN, last), r.firstDoseMin() + 2 * DAY_MIN);
      var breaches = hardLimits.breachSummary(request.history(), r.dosesUntil(checkUntil), request.weightKg());
      out.add(new RegimenOutcome(r, forecaster.forecasts(r), timesMin, median, lower, upper, breaches));
    }
    return out;
  }

  /** The infusion duration the controller would give {@code doseMg}: at least the minimum, within the rate cap, in steps; hours. */
  public double infusionHoursFor(double doseMg) {
    return durationMin(doseMg) / 60.0;
  }

  private record Candidate(VancomycinRegimen regimen, double score, double distance) {}

  private Candidate better(Candidate c, Candidate incumbent) {
    if (incumbent == null) {
      return c;
    }
    if (Math.abs(c.score() - incumbent.score()) > 1e-9) {
      return c.score() > incumbent.score() ? c : incumbent;
    }
    if (Math.abs(c.distance() - incumbent.distance()) > 1e-9) {
      return c.distance() < incumbent.distance() ? c : incumbent;
    }
    return Math.abs(c.regimen().intervalH() - 12) < Math.abs(incumbent.regimen().intervalH() - 12) ? c : incumbent;
  }

  private Candidate evaluate(Forecaster fc, VancomycinRegimen regimen) {
    double[][] auc = fc.sampleAucs(regimen);
    double inBand = 0;
    double toxic = 0;
    for (double[] day : auc) {
      inBand += fraction(day, options.bandLowMgHPerL(), options.bandHighMgHPerL()) / auc.length;
      toxic = Math.max(toxic, fraction(day, Math.nextUp(options.toxicMgHPerL()), Double.POSITIVE_INFINITY));
    }
    double[] point = fc.pointAucs(regimen);
    double distance = 0;
    for (double a : point) {
      distance += Math.abs(Math.log(a / options.aimMgHPerL())) / point.length;
    }
    double score = inBand - options.toxicPenalty() * Math.max(0, toxic - options.maxToxicRisk());
    return new Candidate(regimen, score, distance);
  }

  private static double fraction(double[] values, double low, double high) {
    int n = 0;
    for (double v : values) {
      if (v >= low && v <= high) {
        n++;
      }
    }
    return (double) n / values.length;
  }

  /** Infusion duration for a dose: at least the minimum, no faster than the rate cap, in steps. */
  private double durationMin(double doseMg) {
    double h = Math.max(options.minInfusionH(), limits.minDurationMin(doseMg) / 60.0);
    return Math.ceil(h / options.infusionStepH() - 1e-9) * options.infusionStepH() * 60.0;
  }

  private double roundDown(double mg) {
    return Math.floor(mg / options.doseStepMg() + 1e-9) * options.doseStepMg();
  }

  // ---- personalisation ----

  /** θ at the point estimate, the estimated parameters' indices, their η covariance and samples. */
  private record Posterior(double[] point, int[] index, double[][] covariance, List<String> names,
      List<double[]> samples, double clLPerH, double clLower90LPerH, double clUpper90LPerH) {}

  private Posterior personalise(VancomycinRequest request, Set<VancomycinReason> reasons) {
    List<String> names = MapRequest.withVariability(model);
    int p = names.size();
    int[] index = names.stream().mapToInt(model::parameterIndex).toArray();
    double[] point;
    double[][] cov = new double[p][p];
    if (request.levels().isEmpty()) {
      reasons.add(VancomycinReason.A_PRIORI_NO_LEVELS);
      point = ParameterVectors.typical(model, request.covariates());
      for (int k = 0; k < p; k++) {
        double w = model.parameters().get(index[k]).omega().getAsDouble();
        cov[k][k] = w * w;
      }
    } else {
      reasons.add(VancomycinReason.PERSONALISED_FROM_LEVELS);
      if (request.levels().stream().anyMatch(o -> o.kind() == Observation.Kind.BELOW_LOQ)) {
        reasons.add(VancomycinReason.LEVEL_BELOW_LOQ_USED_CENSORED);
      }
      MapResult fit = new MapEstimator().fit(MapRequest.of(model, request.covariates(), schedule(request.history()),
          request.levels()));
      if (!fit.converged()) {
        reasons.add(VancomycinReason.MAP_NOT_CONVERGED);
      }
      point = fit.theta();
      cov = fit.covariance();
      names = fit.estimated().stream().map(e -> e.name()).toList();
      index = names.stream().mapToInt(model::parameterIndex).toArray();
    }
    int cl = names.indexOf("CL");
    double sdCl = Math.sqrt(cov[cl][cl]);
    double clPerH = point[model.parameterIndex("CL")] * 60.0;
    return new Posterior(point, index, cov, names, sample(point, index, cov), clPerH, clPerH * Math.exp(-Z90 * sdCl),
        clPerH * Math.exp(Z90 * sdCl));
  }

  /** θ_s = θ̂ · exp(L·z) on the estimated parameters, z ~ N(0, I), L the Cholesky factor of Σ. */
  private List<double[]> sample(double[] point, int[] index, double[][] cov) {
    double[][] l = cholesky(cov);
    var rng = new SplittableRandom(options.seed());
    var out = new ArrayList<double[]>(options.samples());
    double[] z = new double[index.length];
    for (int s = 0; s < options.samples(); s++) {
      for (int k = 0; k < z.length; k++) {
        z[k] = rng.nextGaussian();
      }
      double[] theta = point.clone();
      for (int a = 0; a < index.length; a++) {
        double d = 0;
        for (int b = 0; b <= a; b++) {
          d += l[a][b] * z[b];
        }
        theta[index[a]] *= Math.exp(d);
      }
      out.add(theta);
    }
    return out;
  }

  /** Lower Cholesky factor; a tiny diagonal floor keeps a near-singular Laplace covariance usable. */
  static double[][] cholesky(double[][] a) {
    int n = a.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = 0.5 * (a[i][j] + a[j][i]);
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          l[i][i] = Math.sqrt(Math.max(s, 1e-12));
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    return l;
  }

  static DosingSchedule schedule(List<VancomycinDose> doses) {
    DosingSchedule s = DosingSchedule.empty();
    for (VancomycinDose d : doses) {
      s = s.infusion(d.startMin(), "infusion", d.amountMg(), d.durationMin());
    }
    return s;
  }

  // ---- next level ----

  private CandidateGain nextLevel(VancomycinRequest request, Posterior post, VancomycinRegimen regimen, double first,
      double[] windows) {
    var all = new ArrayList<>(request.history());
    all.addAll(regimen.dosesUntil(windows[1] + DAY_MIN));
    double[] x0 = model.initialState(post.point());
    var output = new ModelOutput(model, post.point(), post.names(), x0, first, schedule(all), "concentration");
    double start = Math.max(request.nowMin(), regimen.firstDoseMin()) + options.nextLevelStepMin();
    var times = new ArrayList<Double>();
    for (double t = start; t <= windows[1] + DAY_MIN; t += options.nextLevelStepMin()) {
      times.add(t);
    }
    double[] varied = Arrays.stream(post.index()).mapToDouble(i -> post.point()[i]).toArray();
    var noise = model.measurements().get(model.measurementIndex("concentration")).noise();
    return SamplingDesign.rank(output, varied, ParameterScale.LOG, post.covariance(),
        times.stream().mapToDouble(Double::doubleValue).toArray(), noise).get(0);
  }

  // ---- forecasting ----

  /**
   * AUC24 of candidate regimens on the target days for every sample, by superposition: the
   * history and the loading dose contribute a fixed part, each maintenance infusion of duration T
   * adds dose·(per-mg AUC), which depends only on (sample, interval, T) and is cached.
   */
  private final class Forecaster {
    private final List<TwoCompartmentKernel> kernels = new ArrayList<>();
    private final TwoCompartmentKernel pointKernel;
    private final double[][] fixedSample;
    private final double[] fixedPoint;
    private final double[] windows;
    private final Map<String, double[][]> perMgCache = new HashMap<>();

    Forecaster(List<double[]> samples, double[] point, List<VancomycinDose> history, Optional<VancomycinDose> loading,
        double[] windows) {
      this.windows = windows.clone();
      var fixed = new ArrayList<>(history);
      loading.ifPresent(fixed::add);
      samples.forEach(s -> kernels.add(new TwoCompartmentKernel(s)));
      pointKernel = new TwoCompartmentKernel(point);
      fixedSample = new double[windows.length][kernels.size()];
      fixedPoint = new double[windows.length];
      for (int w = 0; w < windows.length; w++) {
        for (int s = 0; s < kernels.size(); s++) {
          fixedSample[w][s] = kernels.get(s).aucMgHPerL(fixed, windows[w], windows[w] + DAY_MIN);
        }
        fixedPoint[w] = pointKernel.aucMgHPerL(fixed, windows[w], windows[w] + DAY_MIN);
      }
    }

    /** [window][sample + 1] per-mg AUC of the maintenance doses; the last column is the point. */
    private double[][] perMg(VancomycinRegimen r) {
      String key = r.intervalH() + "/" + r.infusionDurationH();
      return perMgCache.computeIfAbsent(key, k -> {
        List<VancomycinDose> unit = new VancomycinRegimen(Optional.empty(), 1.0, r.intervalH(), r.infusionDurationH(),
            r.firstMaintenanceMin()).dosesUntil(windows[windows.length - 1] + DAY_MIN);
        double[][] out = new double[windows.length][kernels.size() + 1];
        for (int w = 0; w < windows.length; w++) {
          for (int s = 0; s <= kernels.size(); s++) {
            TwoCompartmentKernel kn = s < kernels.size() ? kernels.get(s) : pointKernel;
            out[w][s] = kn.aucMgHPerL(unit, windows[w], windows[w] + DAY_MIN);
          }
        }
        return out;
      });
    }

    double[][] sampleAucs(VancomycinRegimen r) {
      double[][] pm = perMg(r);
      double[][] out = new double[windows.length][kernels.size()];
      for (int w = 0; w < windows.length; w++) {
        for (int s = 0; s < kernels.size(); s++) {
          out[w][s] = fixedSample[w][s] + r.maintenanceDoseMg() * pm[w][s];
        }
      }
      return out;
    }

    double[] pointAucs(VancomycinRegimen r) {
      double[][] pm = perMg(r);
      double[] out = new double[windows.length];
      for (int w = 0; w < windows.length; w++) {
        out[w] = fixedPoint[w] + r.maintenanceDoseMg() * pm[w][kernels.size()];
      }
      return out;
    }

    List<AucForecast> forecasts(VancomycinRegimen r) {
      double[][] samples = sampleAucs(r);
      double[] point = pointAucs(r);
      var out = new ArrayList<AucForecast>();
      for (int w = 0; w < windows.length; w++) {
        double[] sorted = samples[w].clone();
        Arrays.sort(sorted);
        out.add(new AucForecast(windows[w], point[w], quantile(sorted, 0.05), quantile(sorted, 0.95),
            fraction(samples[w], options.bandLowMgHPerL(), options.bandHighMgHPerL()),
            fraction(samples[w], Math.nextUp(options.toxicMgHPerL()), Double.POSITIVE_INFINITY),
            fraction(samples[w], Double.NEGATIVE_INFINITY, Math.nextDown(options.bandLowMgHPerL()))));
      }
      return out;
    }
  }

  private static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(i + 1, sorted.length - 1);
    return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
  }
}
