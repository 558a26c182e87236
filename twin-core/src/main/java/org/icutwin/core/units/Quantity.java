package org.icutwin.core.units;

/**
 * A finite value with a normalised UCUM unit.
 *
 * <p>The unit is stored as {@link Units#normalise(String)} returns it, so {@code 6 U/h} is held
 * as {@code 6 [iU]/h}.
 *
 * @param value the magnitude, finite
 * @param unit the UCUM unit
 */
public record Quantity(double value, String unit) {

    public Quantity {
        unit = Units.normalise(unit);
        Units.requireFinite(value, unit);
    }

    /** A quantity; the same as the constructor, read better at call sites. */
    public static Quantity of(double value, String unit) {
        return new Quantity(value, unit);
    }

    /** This quantity in another unit of the same dimension. */
    public Quantity to(String targetUnit) {
        return to(targetUnit, ConversionContext.none());
    }

    /** This quantity in another unit, using body weight or molar mass from the context when needed. */
    public Quantity to(String targetUnit, ConversionContext context) {
        return new Quantity(Units.convert(value, unit, targetUnit, context), targetUnit);
    }

    /** This quantity, after checking that its unit has the expected dimension. */
    public Quantity requireDimension(Dimension expected) {
        Units.requireDimension(unit, expected);
        return this;
    }

    /** True when the unit has the given dimension. */
    public boolean hasDimension(Dimension dimension) {
        return Units.hasDimension(unit, dimension);
    }

    @Override
    public String toString() {
        return value + " " + unit;
    }
}
