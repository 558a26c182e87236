package org.icutwin.server.api;

import java.util.regex.Pattern;

/** Ids of patients and devices: 1-128 letters, digits, '.', '_' or '-' (they appear in MQTT topics). */
public final class Ids {

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private Ids() {
  }

  /**
   * Returns {@code value} if it is a valid id.
   *
   * @throws ApiException 422 naming {@code field} otherwise
   */
  public static String require(String field, String value) {
    if (value == null || !ID.matcher(value).matches()) {
      throw ApiException.invalid(field, field + " must be 1-128 letters, digits, '.', '_' or '-', was "
          + (value == null ? "missing" : "'" + value + "'"));
    }
    return value;
  }

  /** Returns {@code value} if it is not blank, else 422 naming the field. */
  public static String requireText(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw ApiException.invalid(field, field + " must not be blank");
    }
    if (value.length() > maxLength) {
      throw ApiException.invalid(field, field + " must be at most " + maxLength + " characters, was " + value.length());
    }
    return value.strip();
  }
}
