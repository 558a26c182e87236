package org.icutwin.server.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One reading of the server's {@code /prometheus} page (text exposition format 0.0.4): samples by
 * name and labels. Only what the load report needs: sums over label sets, histogram buckets, and
 * quantiles between two readings.
 */
final class Scrape {

  /** One sample line. */
  record Sample(String name, Map<String, String> labels, double value) {
  }

  private final List<Sample> samples;

  private Scrape(List<Sample> samples) {
    this.samples = List.copyOf(samples);
  }

  static Scrape parse(String text) {
    List<Sample> out = new ArrayList<>();
    for (String line : text.split("\n")) {
      line = line.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      out.add(sample(line));
    }
    return new Scrape(out);
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.indexOf(' ');
    Map<String, String> labels = new LinkedHashMap<>();
    String name;
    String rest;
    if (brace >= 0 && (space < 0 || brace < space)) {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String key = line.substring(i, eq).strip();
        StringBuilder v = new StringBuilder();
        int j = eq + 2; // past ="
        while (line.charAt(j) != '"') {
          char c = line.charAt(j);
          if (c == '\\') {
            char n = line.charAt(++j);
            v.append(n == 'n' ? '\n' : n);
          } else {
            v.append(c);
          }
          j++;
        }
        labels.put(key, v.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      rest = line.substring(i + 1).strip();
    } else {
      name = line.substring(0, space);
      rest = line.substring(space + 1).strip();
    }
    String value = rest.split("\\s+")[0];
    return new Sample(name, labels, parseValue(value));
  }

  private static double parseValue(String v) {
    return switch (v) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(v);
    };
  }

  /** Sum of the samples named {@code name} whose labels pass {@code labels}; 0 when there are none. */
  double sum(String name, Predicate<Map<String, String>> labels) {
    return samples.stream().filter(s -> s.name().equals(name) && labels.test(s.labels()))
        .mapToDouble(Sample::value).sum();
  }

  double sum(String name) {
    return sum(name, l -> true);
  }

  /** Whether any sample has this name. */
  boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }

  /** The value of {@code name} with label {@code key=value}, or NaN. */
  double value(String name, String key, String value) {
    return samples.stream().filter(s -> s.name().equals(name) && value.equals(s.labels().get(key)))
        .mapToDouble(Sample::value).findFirst().orElse(Double.NaN);
  }

  /** Cumulative bucket counts of histogram {@code base} ({@code base_bucket}), by upper bound. */
  TreeMap<Double, Double> buckets(String base) {
    TreeMap<Double, Double> out = new TreeMap<>();
    for (Sample s : samples) {
      if (s.name().equals(base + "_bucket") && s.labels().containsKey("le")) {
        out.merge(parseValue(s.labels().get("le")), s.value(), Double::sum);
      }
    }
    return out;
  }

  /**
   * The {@code q} quantile of what histogram {@code base} recorded between {@code before} and
   * {@code after}, interpolated linearly within the bucket it falls in; NaN when nothing was recorded.
   */
  static double quantileBetween(Scrape before, Scrape after, String base, double q) {
    TreeMap<Double, Double> a = after.buckets(base);
    TreeMap<Double, Double> b = before.buckets(base);
    TreeMap<Double, Double> delta = new TreeMap<>();
    a.forEach((le, c) -> delta.put(le, c - b.getOrDefault(le, 0.0)));
    if (delta.isEmpty()) {
      return Double.NaN;
    }
    double total = delta.lastEntry().getValue();
    if (!(total > 0)) {
      return Double.NaN;
    }
    double rank = q * total;
    double lower = 0;
    double below = 0;
    for (Map.Entry<Double, Double> e : delta.entrySet()) {
      if (e.getValue() >= rank) {
        if (e.getKey().isInfinite()) {
          return lower;
        }
        double inBucket = e.getValue() - below;
        return inBucket <= 0 ? e.getKey() : lower + (e.getKey() - lower) * (rank - below) / inBucket;
      }
      lower = e.getKey();
      below = e.getValue();
    }
    return lower;
  }
}
