package org.icutwin.core.model;

import java.util.HashSet;
import java.util.List;
import java.util.function.Function;

/** Argument checks shared by the model records. */
final class ModelChecks {
  private ModelChecks() {}

  static void requireName(String name, String what) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(what + " needs a non-blank name");
    }
  }

  static <T> List<T> uniqueNames(List<T> items, Function<T, String> name, String what) {
    List<T> copy = List.copyOf(items);
    var seen = new HashSet<String>();
    for (T item : copy) {
      if (!seen.add(name.apply(item))) {
        throw new IllegalArgumentException("duplicate " + what + " name '" + name.apply(item) + "'");
      }
    }
    return copy;
  }

  static double requireFinitePositive(double value, String what) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(what + " must be finite and > 0, was " + value);
    }
    return value;
  }
}
