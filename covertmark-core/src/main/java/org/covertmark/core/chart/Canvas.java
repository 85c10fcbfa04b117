package org.covertmark.core.chart;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * What charts draw on: a few shapes and text in pixel coordinates, y growing downwards. Two
 * implementations: {@link SvgCanvas} (inline SVG for reports, with tooltips) and
 * {@link ImageCanvas} (a PNG image, drawn with Java 2D).
 */
@API(status = INTERNAL, since = "0.1")
public interface Canvas {

    /** Where a text's anchor point lies along it. */
    @API(status = INTERNAL, since = "0.1")
    enum Anchor { START, MIDDLE, END }

    /**
     * How a shape is painted.
     *
     * @param fill the fill colour as {@code #rrggbb}, or null for none
     * @param stroke the outline colour as {@code #rrggbb}, or null for none
     * @param strokeWidth the outline width in pixels
     * @param opacity the fill's opacity in [0, 1]
     * @param dashed whether the outline is dashed
     */
    @API(status = INTERNAL, since = "0.1")
    record Style(String fill, String stroke, double strokeWidth, double opacity, boolean dashed) {

        /** Filled, no outline. */
        public static Style filled(String colour) {
            return new Style(colour, null, 0, 1, false);
        }

        /** Filled at an opacity, no outline. */
        public static Style filled(String colour, double opacity) {
            return new Style(colour, null, 0, opacity, false);
        }

        /** Outlined, no fill. */
        public static Style stroked(String colour, double width) {
            return new Style(null, colour, width, 1, false);
        }

        /** This style with a dashed outline. */
        public Style withDash() {
            return new Style(fill, stroke, strokeWidth, opacity, true);
        }

        /** This style with an outline. */
        public Style withStroke(String colour, double width) {
            return new Style(fill, colour, width, opacity, dashed);
        }
    }

    /**
     * How a text is set.
     *
     * @param size the font size in pixels
     * @param colour the colour as {@code #rrggbb}
     * @param anchor where the anchor point lies along the text
     * @param bold whether bold
     * @param rotated whether turned a quarter anticlockwise (for vertical axis labels)
     */
    @API(status = INTERNAL, since = "0.1")
    record Font(double size, String colour, Anchor anchor, boolean bold, boolean rotated) {

        /** Plain text. */
        public static Font of(double size, String colour, Anchor anchor) {
            return new Font(size, colour, anchor, false, false);
        }

        /** This font in bold. */
        public Font inBold() {
            return new Font(size, colour, anchor, true, rotated);
        }

        /** This font turned a quarter anticlockwise. */
        public Font turned() {
            return new Font(size, colour, anchor, bold, true);
        }
    }

    /** Starts the drawing: its size in pixels and what it shows, for assistive technology. */
    void begin(double width, double height, String description);

    /** Ends the drawing. */
    void end();

    /** A rectangle. */
    void rect(double x, double y, double width, double height, Style style);

    /** A straight line, painted with the style's stroke. */
    void line(double x1, double y1, double x2, double y2, Style style);

    /** An open line through the points, painted with the style's stroke. */
    void polyline(double[] xs, double[] ys, Style style);

    /** A closed polygon. */
    void polygon(double[] xs, double[] ys, Style style);

    /** A circle. */
    void circle(double cx, double cy, double r, Style style);

    /** A line of text with its anchor point at (x, y) on the baseline. */
    void text(double x, double y, String text, Font font);

    /** Starts a group of shapes that shows {@code tooltip} when pointed at (where the medium can). */
    void beginGroup(String tooltip);

    /** Ends the group begun last. */
    void endGroup();
}
