package org.covertmark.core.chart;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import java.util.List;
import org.apiguardian.api.API;

/**
 * The colours of charts: the Okabe–Ito palette, which readers with the common colour-vision
 * deficiencies can tell apart, and the colours of score bands.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class Palette {

    /** Blue: true positives, the protocol's traffic. */
    public static final String BLUE = "#0072B2";
    /** Vermillion: false positives, ordinary traffic. */
    public static final String VERMILLION = "#D55E00";
    /** Bluish green. */
    public static final String GREEN = "#009E73";
    /** Orange. */
    public static final String ORANGE = "#E69F00";
    /** Reddish purple. */
    public static final String PURPLE = "#CC79A7";
    /** Sky blue. */
    public static final String SKY = "#56B4E9";
    /** Near black. */
    public static final String BLACK = "#222222";
    /** Yellow. */
    public static final String YELLOW = "#F0E442";

    /** Colours for distinct categories, in order. */
    public static final List<String> CATEGORIES = List.of(BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILLION, BLACK, YELLOW);

    private Palette() {
    }

    /** The colour of the {@code i}-th category, cycling. */
    public static String category(int i) {
        return CATEGORIES.get(Math.floorMod(i, CATEGORIES.size()));
    }
}
