package org.icutwin.core.model;

import org.fhir.ucum.UcumEssenceService;

/** Test helper: validates a UCUM expression with the reference implementation. */
final class UcumCheck {
  private static final UcumEssenceService UCUM;

  static {
    try {
      UCUM = new UcumEssenceService(UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml"));
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private UcumCheck() {}

  /** null when valid, else the reason. */
  static String validate(String unit) {
    return unit.isBlank() ? "empty" : UCUM.validate(unit);
  }
}
