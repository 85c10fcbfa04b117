package org.covertmark.api.strategy;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A user parameter a strategy declares, so that tools can list, validate and document it: a name,
 * a type, a default, a description, and the values allowed.
 *
 * <pre>{@code
 * static final Parameter<Integer> MIN_LENGTH =
 *         Parameter.integer("protocol_min_length", 0, "Payloads shorter than this are not examined.").atLeast(0);
 * }</pre>
 *
 * @param <T> Integer, Double, Boolean or String
 */
public final class Parameter<T> {

    private final String name;
    private final Class<T> type;
    private final T defaultValue;
    private final String description;
    private final Double min;
    private final Double max;
    private final List<String> choices;
    /** For a set parameter: the items a comma-separated value may list (besides the words in {@link #choices}). */
    private final List<String> items;

    private Parameter(String name, Class<T> type, T defaultValue, String description, Double min, Double max,
            List<String> choices) {
        this(name, type, defaultValue, description, min, max, choices, List.of());
    }

    private Parameter(String name, Class<T> type, T defaultValue, String description, Double min, Double max,
            List<String> choices, List<String> items) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a parameter name is lower case letters, digits and '_': " + name);
        }
        this.name = name;
        this.type = type;
        this.defaultValue = Objects.requireNonNull(defaultValue, "defaultValue");
        this.description = Objects.requireNonNull(description, "description");
        this.min = min;
        this.max = max;
        this.choices = choices;
        this.items = items;
    }

    /** An integer parameter. */
    public static Parameter<Integer> integer(String name, int defaultValue, String description) {
        return new Parameter<>(name, Integer.class, defaultValue, description, null, null, List.of());
    }

    /** A decimal parameter. */
    public static Parameter<Double> decimal(String name, double defaultValue, String description) {
        return new Parameter<>(name, Double.class, defaultValue, description, null, null, List.of());
    }

    /** A true/false parameter. */
    public static Parameter<Boolean> flag(String name, boolean defaultValue, String description) {
        return new Parameter<>(name, Boolean.class, defaultValue, description, null, null, List.of());
    }

    /** A text parameter taking one of {@code choices}. */
    public static Parameter<String> choice(String name, String defaultValue, List<String> choices, String description) {
        if (!choices.contains(defaultValue)) {
            throw new IllegalArgumentException("default '" + defaultValue + "' is not among " + choices);
        }
        return new Parameter<>(name, String.class, defaultValue, description, null, null, List.copyOf(choices));
    }

    /**
     * A text parameter taking one of {@code words}, or a comma-separated list of distinct
     * {@code items} such as {@code tls,ssh}; its value is the word, or the items in the order given,
     * joined by commas without spaces.
     */
    public static Parameter<String> set(String name, String defaultValue, List<String> words, List<String> items,
            String description) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("a set parameter needs at least one item");
        }
        Parameter<String> p = new Parameter<>(name, String.class, items.get(0), description, null, null,
                List.copyOf(words), List.copyOf(items));
        return new Parameter<>(name, String.class, p.parse(defaultValue), description, null, null, List.copyOf(words),
                List.copyOf(items));
    }

    /** This parameter with values below {@code min} refused. */
    public Parameter<T> atLeast(double min) {
        return new Parameter<>(name, type, defaultValue, description, min, max, choices, items);
    }

    /** This parameter with values above {@code max} refused. */
    public Parameter<T> atMost(double max) {
        return new Parameter<>(name, type, defaultValue, description, min, max, choices, items);
    }

    /** The name users give with {@code --param name=value}. */
    public String name() {
        return name;
    }

    /** The Java type of the values. */
    public Class<T> type() {
        return type;
    }

    /** The value when the user gives none. */
    public T defaultValue() {
        return defaultValue;
    }

    /** What the parameter does. */
    public String description() {
        return description;
    }

    /** The allowed values of a choice parameter; empty for others. */
    public List<String> choices() {
        return choices;
    }

    /** The items a set parameter's value may list; empty for others. */
    public List<String> items() {
        return items;
    }

    /** {@code integer}, {@code decimal}, {@code true|false} or the choices, with the allowed range. */
    public String typeDescription() {
        if (!items.isEmpty()) {
            return String.join("|", choices) + "|a comma-separated list of " + String.join(", ", items);
        }
        if (!choices.isEmpty()) {
            return String.join("|", choices);
        }
        String t = type == Integer.class ? "integer" : type == Double.class ? "decimal" : "true|false";
        if (min != null && max != null) {
            return t + " in [" + format(min) + ", " + format(max) + "]";
        }
        if (min != null) {
            return t + " ≥ " + format(min);
        }
        return max != null ? t + " ≤ " + format(max) : t;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /**
     * The value {@code text} stands for.
     *
     * @throws IllegalArgumentException naming the parameter, the text and what is allowed
     */
    public T parse(String text) {
        String t = text.trim();
        Object value;
        try {
            if (type == Integer.class) {
                value = Integer.valueOf(t);
            } else if (type == Double.class) {
                value = Double.valueOf(t);
                if (((Double) value).isNaN() || ((Double) value).isInfinite()) {
                    throw new NumberFormatException();
                }
            } else if (type == Boolean.class) {
                String l = t.toLowerCase(Locale.ROOT);
                if (!l.equals("true") && !l.equals("false")) {
                    throw new NumberFormatException();
                }
                value = Boolean.valueOf(l);
            } else {
                value = t;
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(invalid(text));
        }
        if (value instanceof Number n && (min != null && n.doubleValue() < min || max != null && n.doubleValue() > max)) {
            throw new IllegalArgumentException(invalid(text));
        }
        if (!items.isEmpty()) {
            return type.cast(subset(text, t.toLowerCase(Locale.ROOT)));
        }
        if (!choices.isEmpty() && !choices.contains(value)) {
            throw new IllegalArgumentException(invalid(text));
        }
        return type.cast(value);
    }

    private String subset(String text, String value) {
        if (choices.contains(value)) {
            return value;
        }
        List<String> listed = new java.util.ArrayList<>();
        for (String part : value.split(",", -1)) {
            String item = part.trim();
            if (!items.contains(item) || listed.contains(item)) {
                throw new IllegalArgumentException(invalid(text));
            }
            listed.add(item);
        }
        return String.join(",", listed);
    }

    private String invalid(String text) {
        return "parameter " + name + "='" + text + "' is not a valid value; expected " + typeDescription();
    }

    @Override
    public String toString() {
        return name + " (" + typeDescription() + ", default " + defaultValue + ")";
    }
}
