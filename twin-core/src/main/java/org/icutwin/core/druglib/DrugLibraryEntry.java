package org.icutwin.core.druglib;

import java.util.Objects;
import java.util.Optional;
import org.icutwin.core.units.Quantity;

/**
 * The limits for one drug in one care area, as a smart pump's drug library holds them.
 *
 * @param drug lower-case drug id, e.g. "norepinephrine"
 * @param displayName name shown to clinicians
 * @param careArea lower-case care area id, e.g. "adult-icu"
 * @param note provenance of the numbers (who set them, that a pharmacy must review them)
 * @param concentration the standard concentration of the prepared drug (mass or IU per volume)
 * @param doseRate limits for a continuous infusion rate, when the drug is infused continuously
 * @param dose limits for one discrete dose (bolus or intermittent infusion), in mass or IU
 * @param dosePerWeight limits for one discrete dose per body weight (e.g. mg/kg), checked in addition to dose
 * @param cumulative24hMax hard cap on the total given in any 24 h, in mass or IU
 * @param maxInfusionRate hard cap on how fast a discrete dose may run (e.g. vancomycin 1000 mg/h)
 */
public record DrugLibraryEntry(String drug, String displayName, String careArea, String note,
        Quantity concentration, Optional<RateLimits> doseRate, Optional<DoseLimits> dose,
        Optional<DoseLimits> dosePerWeight, Optional<Quantity> cumulative24hMax, Optional<Quantity> maxInfusionRate) {

    public DrugLibraryEntry {
        Objects.requireNonNull(drug, "drug");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(careArea, "careArea");
        Objects.requireNonNull(note, "note");
        Objects.requireNonNull(concentration, "concentration");
        Objects.requireNonNull(doseRate, "doseRate");
        Objects.requireNonNull(dose, "dose");
        Objects.requireNonNull(dosePerWeight, "dosePerWeight");
        Objects.requireNonNull(cumulative24hMax, "cumulative24hMax");
        Objects.requireNonNull(maxInfusionRate, "maxInfusionRate");
    }

    /** The entry's id, {@code drug@careArea}. */
    public String id() {
        return id(drug, careArea);
    }

    static String id(String drug, String careArea) {
        return drug + "@" + careArea;
    }
}
