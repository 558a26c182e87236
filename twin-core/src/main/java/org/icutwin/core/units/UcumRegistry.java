package org.icutwin.core.units;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.fhir.ucum.Component;
import org.fhir.ucum.Decimal;
import org.fhir.ucum.DefinedUnit;
import org.fhir.ucum.ExpressionParser;
import org.fhir.ucum.Operator;
import org.fhir.ucum.Symbol;
import org.fhir.ucum.Term;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The one shared UCUM service with caches for signatures and linear conversion factors.
 *
 * <p>The essence file ships at the root of the ucum jar. Calls into the service are serialised
 * because the library does not document thread safety; the caches keep the hot path (the same
 * few unit pairs at 1 Hz per patient) off that lock.
 */
final class UcumRegistry {

    private static final String ESSENCE = "/ucum-essence.xml";
    /**
     * Probe values with many digits, so that the library's significant-figure tracking does not
     * round 1/60 to 0.02. Two of them, because ucum-java 1.0.10's Decimal loses the carry when a
     * high-precision result rounds up across a power of ten (0.99…9 becomes 0.1000, not 1.000:
     * 1000 mU came out as 100 "(mU/min).min"). Such a carry cannot hit both 3·f and 7·f (their
     * ratio is no power of ten), so agreement of the two is trusted; see {@link #factor}.
     */
    private static final String THREE = "3.00000000000000000000";
    private static final String SEVEN = "7.00000000000000000000";
    /** Caches are bounded so that a stream of junk units from a device cannot grow them forever. */
    private static final int CACHE_LIMIT = 10_000;

    private static final class Holder {
        static final UcumRegistry INSTANCE = new UcumRegistry();
    }

    private final UcumEssenceService service;
    private final Set<String> arbitraryUnits;
    private final Map<String, UnitSignature> signatures = new ConcurrentHashMap<>();
    private final Map<String, Double> factors = new ConcurrentHashMap<>();

    private UcumRegistry() {
        try (InputStream in = UcumEssenceService.class.getResourceAsStream(ESSENCE);
                InputStream again = UcumEssenceService.class.getResourceAsStream(ESSENCE)) {
            if (in == null || again == null) {
                throw new IllegalStateException("UCUM essence " + ESSENCE + " not on the classpath");
            }
            service = new UcumEssenceService(in);
            arbitraryUnits = readArbitraryUnits(again);
        } catch (IOException | UcumException e) {
            throw new IllegalStateException("cannot load UCUM essence " + ESSENCE, e);
        }
    }

    static UcumRegistry get() {
        return Holder.INSTANCE;
    }

    /** Returns null when the unit is valid UCUM, else the library's reason. */
    String validate(String unit) {
        synchronized (service) {
            return service.validate(unit);
        }
    }

    /** The signature of a unit already validated as UCUM. */
    UnitSignature signature(String unit) {
        UnitSignature cached = signatures.get(unit);
        if (cached != null) {
            return cached;
        }
        UnitSignature computed = computeSignature(unit);
        if (signatures.size() < CACHE_LIMIT) {
            signatures.put(unit, computed);
        }
        return computed;
    }

    /** The factor f with value_in_to = f * value_in_from, for two units of one linear signature. */
    double factor(String from, String to) {
        String key = from + '\u0000' + to;
        Double cached = factors.get(key);
        if (cached != null) {
            return cached;
        }
        double factor;
        try {
            synchronized (service) {
                double f3 = Double.parseDouble(service.convert(new Decimal(THREE), from, to).asDecimal()) / 3;
                double f7 = Double.parseDouble(service.convert(new Decimal(SEVEN), from, to).asDecimal()) / 7;
                if (Math.abs(f3 - f7) <= 1e-9 * Math.max(Math.abs(f3), Math.abs(f7))) {
                    factor = f3;
                } else {
                    // One of the two lost a carry (off by a factor of ten): keep the one that agrees,
                    // within a factor of two, with the plain low-precision result.
                    double rough = Double.parseDouble(service.convert(new Decimal("1"), from, to).asDecimal());
                    factor = Math.abs(Math.log(f3 / rough)) <= Math.abs(Math.log(f7 / rough)) ? f3 : f7;
                }
            }
        } catch (UcumException | NumberFormatException e) {
            throw new UnitException(UnitException.Reason.UNSUPPORTED, from, null,
                    "cannot convert '" + from + "' to '" + to + "': " + e.getMessage());
        }
        if (factors.size() < CACHE_LIMIT) {
            factors.put(key, factor);
        }
        return factor;
    }

    private UnitSignature computeSignature(String unit) {
        if (Units.isAffineTemperature(unit)) {
            // UCUM's library cannot canonicalise Cel or [degF] ("Not handled yet"); both are temperatures in K.
            return new UnitSignature("K", Map.of(), 0);
        }
        String canonical;
        Map<String, Integer> families = new HashMap<>();
        int[] kg = {0};
        try {
            synchronized (service) {
                canonical = service.getCanonicalUnits(unit);
                walk(new ExpressionParser(service.getModel()).parse(unit), 1, families, kg, true);
            }
        } catch (UcumException e) {
            throw new UnitException(UnitException.Reason.UNSUPPORTED, unit, null,
                    "unit '" + unit + "' is UCUM but cannot be used here: " + e.getMessage()
                            + " (special units such as Cel and [degF] are supported only on their own)");
        }
        families.values().removeIf(v -> v == 0);
        return new UnitSignature(canonical, families, Math.min(0, kg[0]));
    }

    /**
     * Adds each symbol's exponent to its family. The parser builds "a/b.c" as a chain in which an
     * operator applies only to the next component (UCUM is left-associative: (a/b).c).
     */
    private void walk(Component component, int sign, Map<String, Integer> families, int[] kg, boolean topLevel) {
        if (component instanceof Term term) {
            Term node = term;
            int componentSign = sign;
            while (node != null) {
                if (node.hasComp()) {
                    walk(node.getComp(), componentSign, families, kg, topLevel);
                }
                componentSign = node.getOp() == Operator.DIVISION ? -sign : sign;
                node = node.hasTerm() ? node.getTerm() : null;
            }
        } else if (component instanceof Symbol symbol) {
            int exponent = sign * symbol.getExponent();
            String code = symbol.getUnit().getCode();
            String family = family(code);
            if (family != null) {
                families.merge(family, exponent, Integer::sum);
            } else if (symbol.getUnit() instanceof DefinedUnit defined && !defined.isSpecial()) {
                // Expand definitions so that kat (mol/s) and the enzyme unit U (umol/min) count as mole-based.
                expand(defined, exponent, families, kg);
            }
            if (topLevel && "g".equals(code) && symbol.hasPrefix() && "k".equals(symbol.getPrefix().getCode())) {
                kg[0] += exponent;
            }
        }
    }

    private void expand(DefinedUnit defined, int exponent, Map<String, Integer> families, int[] kg) {
        String definition = defined.getValue().getUnit();
        if (definition == null || definition.isEmpty() || "1".equals(definition)) {
            return;
        }
        try {
            Term term = new ExpressionParser(service.getModel()).parse(definition);
            walk(term, exponent, families, kg, false);
        } catch (UcumException e) {
            throw new IllegalStateException("UCUM essence definition of " + defined.getCode() + " does not parse", e);
        }
    }

    private String family(String code) {
        return switch (code) {
            case "mol" -> "mol";
            // Equivalents and osmoles need a valence or dissociation to become moles: keep them apart.
            case "eq" -> "eq";
            case "osm" -> "osm";
            case "[iU]", "[IU]" -> "[iU]";
            default -> arbitraryUnits.contains(code) ? code : null;
        };
    }

    private static Set<String> readArbitraryUnits(InputStream essence) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList units = factory.newDocumentBuilder().parse(essence).getElementsByTagName("unit");
            Set<String> codes = new HashSet<>();
            for (int i = 0; i < units.getLength(); i++) {
                Element unit = (Element) units.item(i);
                if ("yes".equals(unit.getAttribute("isArbitrary"))) {
                    codes.add(unit.getAttribute("Code"));
                }
            }
            return Set.copyOf(codes);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read arbitrary units from UCUM essence", e);
        }
    }
}
