package org.icutwin.core.units;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one alias the twin applies ({@code U} read as {@code [iU]}) and spelling hints for refusals.
 *
 * <p>UCUM's {@code U} is the enzyme unit (1 umol/min); pumps, orders and labs write insulin and
 * heparin as "U" meaning international units, so a standalone {@code U} or {@code mU} atom is
 * rewritten to {@code [iU]} or {@code m[iU]} before validation. Nothing else is rewritten: the
 * other spellings below only appear as suggestions in an error message.
 */
final class UnitSpelling {

    /** An atom is a run between UCUM operators and parentheses; an annotation may follow it. */
    private static final Pattern ATOM = Pattern.compile("(?:[^./(){}]|\\{[^}]*})+");
    private static final Pattern U_ALIAS = Pattern.compile("(m?)U(\\{[^}]*})?");

    /** Common non-UCUM spellings seen on ICU devices and orders, keyed by atom. */
    private static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("mmHg", "mm[Hg]"), Map.entry("mmhg", "mm[Hg]"), Map.entry("cmH2O", "cm[H2O]"),
            Map.entry("mcg", "ug"), Map.entry("µg", "ug"), Map.entry("μg", "ug"),
            Map.entry("IU", "[iU]"), Map.entry("iu", "[iU]"), Map.entry("units", "[iU]"),
            Map.entry("unit", "[iU]"), Map.entry("Units", "[iU]"), Map.entry("mIU", "m[iU]"),
            Map.entry("degC", "Cel"), Map.entry("°C", "Cel"),
            Map.entry("degF", "[degF]"), Map.entry("°F", "[degF]"),
            Map.entry("hr", "h"), Map.entry("hrs", "h"), Map.entry("hour", "h"), Map.entry("sec", "s"),
            Map.entry("mins", "min"), Map.entry("cc", "mL"), Map.entry("mEq", "meq"), Map.entry("mmole", "mmol"));

    private UnitSpelling() {
    }

    /** Rewrites standalone U and mU atoms to [iU] and m[iU]; leaves everything else untouched. */
    static String applyAlias(String unit) {
        return replaceAtoms(unit, atom -> {
            Matcher m = U_ALIAS.matcher(atom);
            return m.matches() ? m.group(1) + "[iU]" + (m.group(2) == null ? "" : m.group(2)) : atom;
        });
    }

    /** A UCUM spelling for a refused unit, when a known fix makes it valid. */
    static Optional<String> suggest(String unit, Predicate<String> isUcum) {
        String trimmed = unit.trim();
        if (trimmed.equals("bpm") || trimmed.equals("beats/min")) {
            return Optional.of("/min");
        }
        String hinted = replaceAtoms(trimmed, atom -> HINTS.getOrDefault(atom, atom));
        if (!hinted.equals(trimmed) && isUcum.test(applyAlias(hinted))) {
            return Optional.of(hinted);
        }
        // Upper-case spellings such as MG/DL: try lower case with litre written as L.
        String lower = replaceAtoms(hinted.toLowerCase(Locale.ROOT),
                atom -> atom.matches("[munpcd]?l") ? atom.substring(0, atom.length() - 1) + "L" : atom);
        if (!lower.equals(trimmed) && isUcum.test(applyAlias(lower))) {
            return Optional.of(lower);
        }
        return Optional.empty();
    }

    private static String replaceAtoms(String unit, UnaryOperator<String> replace) {
        Matcher m = ATOM.matcher(unit);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(replace.apply(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }
}
