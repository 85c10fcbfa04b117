package org.covertmark.core.chart;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.apiguardian.api.API;

/** Maps values to a position along a chart's axis, and says where its ticks go. */
@API(status = EXPERIMENTAL, since = "0.1")
public abstract class Axis {

    /** A tick mark and its label. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Tick(double value, String label) {
    }

    /** How tick labels show values. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Format {
        /** Fractions as percentages: 0.25 is {@code 25%}. */
        PERCENT,
        /** Plain numbers. */
        NUMBER
    }

    final Format format;

    Axis(Format format) {
        this.format = format;
    }

    /** The position of {@code value} along the axis, from 0 (start) to 1 (end), clamped. */
    public abstract double fraction(double value);

    /** The ticks to draw. */
    public abstract List<Tick> ticks();

    /** Whether grid lines belong at the ticks (not for categories). */
    boolean grid() {
        return true;
    }

    /** Where a zero value sits apart from the rest, as a fraction, or a negative number when it does not. */
    double zeroSlot() {
        return -1;
    }

    /** A value as this axis labels it. */
    public String label(double value) {
        return format == Format.PERCENT ? percent(value) : number(value);
    }

    /** A fraction as a percentage with no more digits than it needs: 0.005 is {@code 0.5%}. */
    public static String percent(double fraction) {
        return number(fraction * 100) + "%";
    }

    /** A number with at most four significant digits and no trailing zeros. */
    public static String number(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : String.valueOf(v);
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros();
        return d.scale() < 0 ? d.toPlainString() : d.toPlainString();
    }

    /** A linear axis from {@code min} to {@code max}. */
    public static Axis linear(double min, double max, Format format) {
        return new Linear(min, max, format);
    }

    /**
     * A linear axis from 0 to a round number at or above {@code max} (at least {@code floor}), for
     * rates whose largest value is small.
     */
    public static Axis fromZero(double max, double floor, Format format) {
        double top = Math.max(max, floor);
        double step = niceStep(top / 4);
        return new Linear(0, Math.ceil(top / step - 1e-9) * step, format);
    }

    /**
     * A logarithmic axis from {@code min} (a power of ten at or below the smallest positive value) to
     * {@code max}, with a slot at its start for zeros, which a logarithm cannot place.
     */
    public static Axis logWithZero(double smallestPositive, double max, Format format) {
        double lo = Math.pow(10, Math.floor(Math.log10(smallestPositive > 0 ? smallestPositive : max / 1000)));
        return new Log(Math.min(lo, max / 10), max, format);
    }

    /** An axis of named categories in order, evenly spaced. */
    public static Axis categories(List<String> names) {
        return new Categories(names);
    }

    static double niceStep(double rough) {
        if (!(rough > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        double f = rough / power;
        double nice = f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10;
        return nice * power;
    }

    static final class Linear extends Axis {
        private final double min;
        private final double max;

        Linear(double min, double max, Format format) {
            super(format);
            this.min = min;
            this.max = max > min ? max : min + 1;
        }

        @Override
        public double fraction(double value) {
            return Math.max(0, Math.min(1, (value - min) / (max - min)));
        }

        @Override
        public List<Tick> ticks() {
            double step = niceStep((max - min) / 5);
            List<Tick> out = new ArrayList<>();
            for (double v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) {
                double r = Math.abs(v) < step * 1e-9 ? 0 : v;
                out.add(new Tick(r, label(r)));
            }
            return out;
        }
    }

    static final class Log extends Axis {
        /** The share of the axis the zero slot takes. */
        private static final double SLOT = 0.09;
        private final double lo;
        private final double hi;

        Log(double lo, double hi, Format format) {
            super(format);
            this.lo = lo;
            this.hi = hi > lo ? hi : lo * 10;
        }

        @Override
        public double fraction(double value) {
            if (!(value > 0)) {
                return 0;
            }
            double f = (Math.log10(Math.max(lo, Math.min(hi, value))) - Math.log10(lo))
                    / (Math.log10(hi) - Math.log10(lo));
            return SLOT + (1 - SLOT) * f;
        }

        @Override
        double zeroSlot() {
            return SLOT;
        }

        @Override
        public List<Tick> ticks() {
            List<Tick> out = new ArrayList<>();
            out.add(new Tick(0, "0"));
            for (int e = (int) Math.round(Math.log10(lo)); Math.pow(10, e) <= hi * (1 + 1e-9); e++) {
                double v = Math.pow(10, e);
                out.add(new Tick(v, label(v)));
            }
            return out;
        }
    }

    static final class Categories extends Axis {
        private final List<String> names;

        Categories(List<String> names) {
            super(Format.NUMBER);
            this.names = List.copyOf(names);
        }

        @Override
        public double fraction(double index) {
            return names.isEmpty() ? 0.5 : (index + 0.5) / names.size();
        }

        @Override
        boolean grid() {
            return false;
        }

        @Override
        public List<Tick> ticks() {
            List<Tick> out = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                out.add(new Tick(i, names.get(i)));
            }
            return out;
        }
    }
}
