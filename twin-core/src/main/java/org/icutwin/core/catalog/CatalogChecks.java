package org.icutwin.core.catalog;

import java.util.List;
import org.icutwin.core.model.ParameterSpec;

/** Checks shared by the catalog's model classes. */
final class CatalogChecks {
  private CatalogChecks() {}

  /** The specs, which must be named exactly {@code expected} in that order. */
  static List<ParameterSpec> requireParameterNames(String modelId, List<ParameterSpec> specs, List<String> expected) {
    List<String> names = specs.stream().map(ParameterSpec::name).toList();
    if (!names.equals(expected)) {
      throw new IllegalArgumentException(
          "model " + modelId + " needs parameters " + expected + " in that order, got " + names);
    }
    return List.copyOf(specs);
  }
}
