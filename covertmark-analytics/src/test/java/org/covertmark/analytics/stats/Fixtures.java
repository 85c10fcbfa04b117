package org.covertmark.analytics.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON reference fixtures written by {@code tools/reference/stats_reference.py} with numpy 2.4 and scipy 1.17.1
 * (the versions are recorded in each file). NaN is written as the string "NaN".
 */
public final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** A fixture file from {@code src/test/resources/reference}. */
    public static JsonNode load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/reference/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A number, or NaN for the string "NaN". */
    public static double number(JsonNode node) {
        if (node.isTextual()) {
            return Double.parseDouble(node.asText());
        }
        return node.asDouble();
    }

    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = number(array.get(i));
        }
        return out;
    }

    public static byte[] bytes(JsonNode array) {
        byte[] out = new byte[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) array.get(i).asInt();
        }
        return out;
    }

    public static List<JsonNode> list(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /**
     * Whether {@code actual} is within {@code relative}·|expected| + {@code absolute} of {@code expected}; NaN
     * matches only NaN.
     */
    public static boolean close(double actual, double expected, double relative, double absolute) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        return Math.abs(actual - expected) <= relative * Math.abs(expected) + absolute;
    }
}
