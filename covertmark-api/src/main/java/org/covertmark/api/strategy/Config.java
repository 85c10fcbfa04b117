package org.covertmark.api.strategy;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * One configuration of a strategy's run: an ordered tuple of values (numbers or text), one per
 * column the strategy declares in {@link DetectionStrategy#configColumns()}. Records of performance
 * are kept per configuration, so a configuration must tell runs apart.
 */
@API(status = MAINTAINED, since = "0.1")
public final class Config {

    /** The configuration of a strategy with no parameters to vary. */
    public static final Config EMPTY = new Config(List.of());

    private final List<Object> values;

    private Config(List<Object> values) {
        this.values = values;
    }

    /**
     * A configuration of these values: each an Integer, Long, Double, Boolean or String.
     *
     * @param values the values, in the order of the strategy's {@link DetectionStrategy#configColumns()}
     * @return the configuration; {@link #EMPTY} when no value is given
     * @throws IllegalArgumentException for another type or a null
     */
    public static Config of(Object... values) {
        for (Object v : values) {
            if (!(v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof Boolean
                    || v instanceof String)) {
                throw new IllegalArgumentException("a config value is an Integer, Long, Double, Boolean or String, not "
                        + (v == null ? "null" : v.getClass().getSimpleName()));
            }
        }
        return values.length == 0 ? EMPTY : new Config(List.of(values));
    }

    /** {@return the values in order, as given; an unmodifiable list} */
    public List<Object> values() {
        return values;
    }

    /** {@return the number of values; 0 for {@link #EMPTY}} */
    public int size() {
        return values.size();
    }

    /**
     * The value at {@code index}.
     *
     * @param index the value's position, 0 to {@code size() - 1}
     * @return the value: an Integer, Long, Double, Boolean or String
     * @throws IndexOutOfBoundsException when there is no value at {@code index}
     */
    public Object get(int index) {
        return values.get(index);
    }

    /**
     * The value at {@code index} as an int.
     *
     * @param index the value's position, 0 to {@code size() - 1}
     * @return the number, converted as {@link Number#intValue()} does (a Double is truncated)
     * @throws ClassCastException when the value is a Boolean or a String
     * @throws IndexOutOfBoundsException when there is no value at {@code index}
     */
    public int intValue(int index) {
        return ((Number) values.get(index)).intValue();
    }

    /**
     * The value at {@code index} as a double.
     *
     * @param index the value's position, 0 to {@code size() - 1}
     * @return the number, converted as {@link Number#doubleValue()} does
     * @throws ClassCastException when the value is a Boolean or a String
     * @throws IndexOutOfBoundsException when there is no value at {@code index}
     */
    public double doubleValue(int index) {
        return ((Number) values.get(index)).doubleValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Config c && c.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /** {@code (16, 1024, 3)}. */
    @Override
    public String toString() {
        return values.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * Values joined to the column names, e.g. {@code Block Size: 16, Test Size: 1024}.
     *
     * @param columns the names of the values in order, usually the strategy's
     *     {@link DetectionStrategy#configColumns()}; a value without a name is shown as {@code #index}
     * @return {@code name: value} pairs joined by {@code ", "}; empty for {@link #EMPTY}
     */
    public String describe(List<String> columns) {
        Objects.requireNonNull(columns, "columns");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(i < columns.size() ? columns.get(i) : "#" + i).append(": ").append(values.get(i));
        }
        return sb.toString();
    }
}
