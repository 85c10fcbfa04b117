package org.covertmark.api.strategy;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apiguardian.api.API;

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
@API(status = MAINTAINED, since = "0.1")
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

    /**
     * An integer parameter, unbounded until {@link #atLeast} or {@link #atMost} bound it.
     *
     * @param name the name users give with {@code --param name=value}: a lower-case letter, then
     *     lower-case letters, digits and {@code _}
     * @param defaultValue the value when the user gives none
     * @param description what the parameter does, for people, in a sentence or two
     * @return the parameter
     * @throws IllegalArgumentException when {@code name} is not of that form
     */
    public static Parameter<Integer> integer(String name, int defaultValue, String description) {
        return new Parameter<>(name, Integer.class, defaultValue, description, null, null, List.of());
    }

    /**
     * A decimal parameter, unbounded until {@link #atLeast} or {@link #atMost} bound it; the user's
     * value must be finite.
     *
     * @param name the name users give with {@code --param name=value}: a lower-case letter, then
     *     lower-case letters, digits and {@code _}
     * @param defaultValue the value when the user gives none
     * @param description what the parameter does, for people, in a sentence or two
     * @return the parameter
     * @throws IllegalArgumentException when {@code name} is not of that form
     */
    public static Parameter<Double> decimal(String name, double defaultValue, String description) {
        return new Parameter<>(name, Double.class, defaultValue, description, null, null, List.of());
    }

    /**
     * A true/false parameter; the user writes {@code true} or {@code false} in any case.
     *
     * @param name the name users give with {@code --param name=value}: a lower-case letter, then
     *     lower-case letters, digits and {@code _}
     * @param defaultValue the value when the user gives none
     * @param description what the parameter does, for people, in a sentence or two
     * @return the parameter
     * @throws IllegalArgumentException when {@code name} is not of that form
     */
    public static Parameter<Boolean> flag(String name, boolean defaultValue, String description) {
        return new Parameter<>(name, Boolean.class, defaultValue, description, null, null, List.of());
    }

    /**
     * A text parameter taking one of {@code choices}.
     *
     * @param name the name users give with {@code --param name=value}: a lower-case letter, then
     *     lower-case letters, digits and {@code _}
     * @param defaultValue the value when the user gives none; one of {@code choices}
     * @param choices the values allowed, compared with the user's trimmed text exactly, case included
     * @param description what the parameter does, for people, in a sentence or two
     * @return the parameter
     * @throws IllegalArgumentException when {@code name} is not of that form, or {@code defaultValue}
     *     is not among {@code choices}
     */
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
     *
     * @param name the name users give with {@code --param name=value}: a lower-case letter, then
     *     lower-case letters, digits and {@code _}
     * @param defaultValue the value when the user gives none, written as a user would write it
     * @param words the single values allowed instead of a list, such as {@code all}; in lower case,
     *     since the user's text is compared in lower case; may be empty
     * @param items the items a list may name, in lower case; at least one
     * @param description what the parameter does, for people, in a sentence or two
     * @return the parameter
     * @throws IllegalArgumentException when {@code name} is not of that form, {@code items} is empty,
     *     or {@code defaultValue} is not a valid value
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

    /**
     * This parameter with values below {@code min} refused; meaningful for integer and decimal
     * parameters only. The default value is not checked against the bound.
     *
     * @param min the smallest value allowed, inclusive
     * @return a copy of this parameter with the lower bound, keeping any upper bound
     */
    public Parameter<T> atLeast(double min) {
        return new Parameter<>(name, type, defaultValue, description, min, max, choices, items);
    }

    /**
     * This parameter with values above {@code max} refused; meaningful for integer and decimal
     * parameters only. The default value is not checked against the bound.
     *
     * @param max the largest value allowed, inclusive
     * @return a copy of this parameter with the upper bound, keeping any lower bound
     */
    public Parameter<T> atMost(double max) {
        return new Parameter<>(name, type, defaultValue, description, min, max, choices, items);
    }

    /** {@return the name users give with {@code --param name=value}} */
    public String name() {
        return name;
    }

    /** {@return the Java type of the values: Integer, Double, Boolean or String} */
    public Class<T> type() {
        return type;
    }

    /** {@return the value when the user gives none; never null} */
    public T defaultValue() {
        return defaultValue;
    }

    /** {@return what the parameter does, for people} */
    public String description() {
        return description;
    }

    /** {@return the allowed values of a choice parameter, or the single words of a set parameter; empty for others} */
    public List<String> choices() {
        return choices;
    }

    /** {@return the items a set parameter's value may list; empty for others} */
    public List<String> items() {
        return items;
    }

    /**
     * {@return what a value may be, for help and error messages: {@code integer}, {@code decimal},
     * {@code true|false} or the choices, with the allowed range (e.g. {@code integer ≥ 0})}
     */
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
     * @param text the user's text; white space around it is ignored
     * @return the value, of {@link #type()}: within the bounds and among the choices; for a set
     *     parameter, the word or the items in the order given, joined by commas
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
