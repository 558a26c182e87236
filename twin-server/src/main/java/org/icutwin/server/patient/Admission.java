package org.icutwin.server.patient;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * What the registry records on admission (the twin's covariates and targets live in the twin).
 *
 * @param patientId stay id (1-128 of letters, digits, '.', '_', '-')
 * @param bed bed label, optional
 * @param modelId model catalog id
 * @param drug drug library id
 * @param careArea drug library care area
 * @param weightKg body weight in kg, optional; when given, finite and within (0, 500]
 * @param admittedAt admission time
 */
public record Admission(String patientId, @Nullable String bed, String modelId, String drug, String careArea,
    @Nullable Double weightKg, Instant admittedAt) {
}
