package org.icutwin.core.units;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a unit measures: UCUM canonical units plus the factors UCUM treats as dimensionless.
 *
 * <p>UCUM defines {@code mol} as a pure number (6.02214076e23) and arbitrary units such as
 * {@code [iU]} as 1, so {@code mmol/L} and {@code 10*9/L} share canonical units {@code m-3},
 * and {@code [iU]/h} and {@code /min} share {@code s-1}. {@code families} keeps the net exponent
 * of each such factor (key {@code mol}, {@code eq}, {@code osm}, {@code [iU]} or the code of
 * another arbitrary unit); {@code perWeightExponent} is the net exponent of {@code kg} when it is
 * negative (a dose per body weight), else 0.
 */
record UnitSignature(String canonical, Map<String, Integer> families, int perWeightExponent) {

    UnitSignature {
        families = Map.copyOf(new TreeMap<>(families));
    }

    int family(String key) {
        return families.getOrDefault(key, 0);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("canonical '").append(canonical.isEmpty() ? "1" : canonical).append('\'');
        new TreeMap<>(families).forEach((k, v) -> text.append(", ").append(k).append('^').append(v));
        if (perWeightExponent != 0) {
            text.append(", per body weight kg^").append(perWeightExponent);
        }
        return text.toString();
    }
}
