package org.covertmark.core.chart;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;
import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;
import org.covertmark.core.chart.Canvas.Anchor;
import org.covertmark.core.chart.Canvas.Font;
import org.covertmark.core.chart.Canvas.Style;

/**
 * A chart of points, lines, shaded bands, bars and regions against two axes, drawn on a
 * {@link Canvas}: the one renderer behind every chart of the HTML report and of
 * {@code covertmark plot}. Build one with {@link #builder}; every element may carry a tooltip.
 *
 * <pre>{@code
 * String svg = XyChart.builder("TPR by block size", 320, 220)
 *         .xAxis(Axis.categories(List.of("16", "32", "64")), "block size")
 *         .yAxis(Axis.linear(0, 1, Axis.Format.PERCENT), "TPR")
 *         .series(new XyChart.Series("TPR", Palette.BLUE, points, true, XyChart.Marker.CIRCLE, false, false))
 *         .build().svg("chart");
 * }</pre>
 */
@API(status = EXPERIMENTAL, since = "0.1")
public final class XyChart {

    /** The shape of a point's marker. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public enum Marker { CIRCLE, SQUARE, TRIANGLE, DIAMOND, NONE }

    /**
     * A point with its tooltip (null for none), drawn {@code dx} pixels to the right of its place so
     * that points at the same place stay visible side by side.
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Point(double x, double y, String tooltip, double dx) {
        /** A point drawn at its place. */
        public Point(double x, double y, String tooltip) {
            this(x, y, tooltip, 0);
        }
    }

    /**
     * Points of one kind.
     *
     * @param name the legend's name for them, or null to leave them out of the legend
     * @param colour the colour as {@code #rrggbb}
     * @param points the points, in drawing order
     * @param line whether a line joins them
     * @param marker the marker at each point
     * @param hollow whether markers are outlines only
     * @param dashed whether the line is dashed
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Series(String name, String colour, List<Point> points, boolean line, Marker marker, boolean hollow,
            boolean dashed) {
        /** Copies the points. */
        public Series {
            Objects.requireNonNull(colour, "colour");
            points = List.copyOf(points);
        }
    }

    /** A shaded band between two lines over the same x values. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Band(String name, String colour, double[] xs, double[] lows, double[] highs, String tooltip) {
    }

    /** A shaded rectangle in data coordinates with a label at its top left, e.g. an acceptable zone. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Region(double x0, double x1, double y0, double y1, String colour, String label) {
    }

    /** Bars of equal width from 0 up to each height. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Bars(String name, String colour, double[] lefts, double width, double[] heights, String[] tooltips) {
    }

    /** A point drawn with a ring and a label, e.g. the best configuration. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record Highlight(double x, double y, String label, String tooltip) {
    }

    /**
     * A legend entry that stands for no series of its own (a marker shape, a colour). Without a
     * marker or a line it shows a colour swatch: solid, or translucent as bars are drawn when
     * {@code hollow}.
     */
    @API(status = EXPERIMENTAL, since = "0.1")
    public record LegendItem(String name, String colour, Marker marker, boolean hollow, boolean line) {
    }

    private static final String INK = "#222222";
    private static final String MUTED = "#555555";
    private static final String GRID = "#e3e3e3";
    private static final String FRAME = "#8a8a8a";

    private final String title;
    private final double width;
    private final double height;
    private final Axis x;
    private final String xLabel;
    private final Axis y;
    private final String yLabel;
    private final List<Region> regions;
    private final List<Band> bands;
    private final List<Bars> bars;
    private final List<Series> series;
    private final List<Highlight> highlights;
    private final List<LegendItem> legend;
    private final String note;
    private final double markerRadius;

    private XyChart(Builder b) {
        this.title = b.title;
        this.width = b.width;
        this.height = b.height;
        this.x = Objects.requireNonNull(b.x, "x axis");
        this.xLabel = b.xLabel;
        this.y = Objects.requireNonNull(b.y, "y axis");
        this.yLabel = b.yLabel;
        this.regions = List.copyOf(b.regions);
        this.bands = List.copyOf(b.bands);
        this.bars = List.copyOf(b.bars);
        this.series = List.copyOf(b.series);
        this.highlights = List.copyOf(b.highlights);
        this.legend = b.legend != null ? List.copyOf(b.legend) : defaultLegend();
        this.note = b.note;
        this.markerRadius = b.markerRadius;
    }

    /** A builder of a chart with this title and size in pixels. */
    public static Builder builder(String title, double width, double height) {
        return new Builder(title, width, height);
    }

    /** The chart's title. */
    public String title() {
        return title;
    }

    private List<LegendItem> defaultLegend() {
        List<LegendItem> out = new ArrayList<>();
        for (Bars b : bars) {
            if (b.name() != null) {
                out.add(new LegendItem(b.name(), b.colour(), Marker.NONE, true, false));
            }
        }
        for (Series s : series) {
            if (s.name() != null) {
                out.add(new LegendItem(s.name(), s.colour(), s.marker(), s.hollow(), s.line()));
            }
        }
        for (Band b : bands) {
            if (b.name() != null) {
                out.add(new LegendItem(b.name(), b.colour(), Marker.NONE, true, false));
            }
        }
        return out;
    }

    /** The chart as an inline {@code <svg>} element with this class attribute (null for none). */
    public String svg(String cssClass) {
        SvgCanvas c = new SvgCanvas(cssClass);
        render(c);
        return c.toString();
    }

    /** The chart as a standalone SVG document. */
    public String svgDocument() {
        SvgCanvas c = new SvgCanvas(null);
        render(c);
        return c.document();
    }

    /** The chart as a PNG image at twice its size in pixels. */
    public void png(OutputStream out) throws IOException {
        ImageCanvas c = new ImageCanvas(2);
        render(c);
        c.writePng(out);
    }

    /** Draws the chart. */
    @API(status = INTERNAL, since = "0.1")
    public void render(Canvas c) {
        c.begin(width, height, title);
        c.rect(0, 0, width, height, Style.filled("#ffffff"));
        c.text(8, 17, fitted(title, width - 16, 7.6), Font.of(13, INK, Anchor.START).inBold());
        double legendBottom = drawLegend(c, 8, 34);
        double left = 58;
        double right = width - 14;
        double top = legendBottom + 8;
        double bottom = height - (note == null ? 40 : 54);
        Frame f = new Frame(left, right, top, bottom);

        for (Axis.Tick t : y.ticks()) {
            double py = f.py(t.value());
            if (y.grid()) {
                c.line(left, py, right, py, Style.stroked(GRID, 1));
            }
            c.text(left - 6, py + 3.5, t.label(), Font.of(10.5, MUTED, Anchor.END));
        }
        for (Axis.Tick t : x.ticks()) {
            double px = f.px(t.value());
            if (x.grid()) {
                c.line(px, top, px, bottom, Style.stroked(GRID, 1));
            } else {
                c.line(px, bottom, px, bottom + 4, Style.stroked(FRAME, 1));
            }
            c.text(px, bottom + 15, t.label(), Font.of(10.5, MUTED, Anchor.MIDDLE));
        }
        for (Region r : regions) {
            double x0 = f.px(r.x0());
            double x1 = f.px(r.x1());
            double y0 = f.py(r.y1());
            double y1 = f.py(r.y0());
            c.rect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0),
                    Style.filled(r.colour(), 0.16).withStroke(r.colour(), 1).withDash());
            if (r.label() != null) {
                c.text(Math.min(x0, x1) + 4, Math.min(y0, y1) + 12, r.label(), Font.of(10, r.colour(), Anchor.START));
            }
        }
        for (Bars b : bars) {
            for (int i = 0; i < b.lefts().length; i++) {
                if (b.heights()[i] <= 0) {
                    continue;
                }
                double x0 = f.px(b.lefts()[i]);
                double x1 = f.px(b.lefts()[i] + b.width());
                double y0 = f.py(b.heights()[i]);
                boolean tip = b.tooltips() != null && b.tooltips()[i] != null;
                if (tip) {
                    c.beginGroup(b.tooltips()[i]);
                }
                c.rect(x0, y0, Math.max(1, x1 - x0), bottom - y0, Style.filled(b.colour(), 0.45)
                        .withStroke(b.colour(), 0.8));
                if (tip) {
                    c.endGroup();
                }
            }
        }
        for (Band b : bands) {
            int n = b.xs().length;
            double[] xs = new double[2 * n];
            double[] ys = new double[2 * n];
            for (int i = 0; i < n; i++) {
                xs[i] = f.px(b.xs()[i]);
                ys[i] = f.py(b.highs()[i]);
                xs[2 * n - 1 - i] = f.px(b.xs()[i]);
                ys[2 * n - 1 - i] = f.py(b.lows()[i]);
            }
            if (b.tooltip() != null) {
                c.beginGroup(b.tooltip());
            }
            if (n == 1) {
                c.rect(xs[0] - 5, ys[0], 10, Math.max(1, ys[1] - ys[0]), Style.filled(b.colour(), 0.22));
            } else {
                c.polygon(xs, ys, Style.filled(b.colour(), 0.22));
            }
            if (b.tooltip() != null) {
                c.endGroup();
            }
        }
        // the frame: left and bottom axes, with a break between the zero slot and a logarithmic x axis
        c.line(left, top, left, bottom, Style.stroked(FRAME, 1));
        c.line(left, bottom, right, bottom, Style.stroked(FRAME, 1));
        if (x.zeroSlot() > 0) {
            double bx = left + (right - left) * x.zeroSlot() * 0.55;
            c.rect(bx - 3, bottom - 4, 6, 8, Style.filled("#ffffff"));
            c.line(bx - 5, bottom + 4, bx - 1, bottom - 4, Style.stroked(FRAME, 1));
            c.line(bx + 1, bottom + 4, bx + 5, bottom - 4, Style.stroked(FRAME, 1));
        }
        for (Series s : series) {
            List<Point> pts = s.points();
            if (s.line() && pts.size() > 1) {
                double[] xs = new double[pts.size()];
                double[] ys = new double[pts.size()];
                for (int i = 0; i < pts.size(); i++) {
                    xs[i] = f.px(pts.get(i).x());
                    ys[i] = f.py(pts.get(i).y());
                }
                Style line = Style.stroked(s.colour(), 2);
                c.polyline(xs, ys, s.dashed() ? line.withDash() : line);
            }
            for (Point p : pts) {
                if (p.tooltip() != null) {
                    c.beginGroup(p.tooltip());
                }
                marker(c, s.marker(), f.px(p.x()) + p.dx(), f.py(p.y()), markerRadius, s.colour(), s.hollow());
                if (p.tooltip() != null) {
                    c.endGroup();
                }
            }
        }
        for (Highlight h : highlights) {
            double px = f.px(h.x());
            double py = f.py(h.y());
            if (h.tooltip() != null) {
                c.beginGroup(h.tooltip());
            }
            c.circle(px, py, 8, Style.stroked(INK, 2));
            if (h.label() != null) {
                boolean leftSide = px > (left + right) / 2;
                c.text(px + (leftSide ? -11 : 11), py < top + 24 ? py + 18 : py - 9, h.label(),
                        Font.of(11, INK, leftSide ? Anchor.END : Anchor.START).inBold());
            }
            if (h.tooltip() != null) {
                c.endGroup();
            }
        }
        if (xLabel != null) {
            c.text((left + right) / 2, bottom + 31, xLabel, Font.of(11.5, INK, Anchor.MIDDLE));
        }
        if (yLabel != null) {
            c.text(15, (top + bottom) / 2, yLabel, Font.of(11.5, INK, Anchor.MIDDLE).turned());
        }
        if (note != null) {
            c.text(8, height - 6, note, Font.of(10, MUTED, Anchor.START));
        }
        c.end();
    }

    private double drawLegend(Canvas c, double x0, double y0) {
        if (legend.isEmpty()) {
            return y0 - 12;
        }
        double x = x0;
        double yy = y0;
        for (LegendItem item : legend) {
            double w = 22 + item.name().length() * 6.2 + 12;
            if (x + w > width - 8 && x > x0) {
                x = x0;
                yy += 16;
            }
            if (item.line()) {
                c.line(x, yy - 4, x + 16, yy - 4, Style.stroked(item.colour(), 2));
            }
            if (item.marker() != Marker.NONE) {
                marker(c, item.marker(), x + 8, yy - 4, 4, item.colour(), item.hollow());
            } else if (!item.line()) {
                c.rect(x + 2, yy - 9, 12, 10, item.hollow()
                        ? Style.filled(item.colour(), 0.45).withStroke(item.colour(), 0.8)
                        : Style.filled(item.colour()));
            }
            c.text(x + 20, yy, item.name(), Font.of(11, INK, Anchor.START));
            x += w;
        }
        return yy;
    }

    /**
     * The text cut with an ellipsis to about {@code room} pixels at {@code charWidth} pixels a
     * character (the whole text stays in the chart's accessible label and tooltip).
     */
    static String fitted(String text, double room, double charWidth) {
        int max = (int) Math.floor(room / charWidth);
        return text.length() <= max || max < 2 ? text : text.substring(0, max - 1).stripTrailing() + "…";
    }

    static void marker(Canvas c, Marker m, double x, double y, double r, String colour, boolean hollow) {
        Style s = hollow ? new Style("#ffffff", colour, 1.8, 1, false) : Style.filled(colour).withStroke("#ffffff", 0.8);
        switch (m) {
            case CIRCLE -> c.circle(x, y, r, s);
            case SQUARE -> c.rect(x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8, s);
            case TRIANGLE -> c.polygon(new double[] {x, x + r * 1.15, x - r * 1.15},
                    new double[] {y - r * 1.2, y + r * 0.8, y + r * 0.8}, s);
            case DIAMOND -> c.polygon(new double[] {x, x + r * 1.2, x, x - r * 1.2},
                    new double[] {y - r * 1.2, y, y + r * 1.2, y}, s);
            case NONE -> {
            }
        }
    }

    private final class Frame {
        final double left;
        final double right;
        final double top;
        final double bottom;

        Frame(double left, double right, double top, double bottom) {
            this.left = left;
            this.right = right;
            this.top = top;
            this.bottom = bottom;
        }

        double px(double v) {
            return left + (right - left) * x.fraction(v);
        }

        double py(double v) {
            return bottom - (bottom - top) * y.fraction(v);
        }
    }

    /** Builds an {@link XyChart}. */
    @API(status = EXPERIMENTAL, since = "0.1")
    public static final class Builder {
        private final String title;
        private final double width;
        private final double height;
        private Axis x;
        private String xLabel;
        private Axis y;
        private String yLabel;
        private final List<Region> regions = new ArrayList<>();
        private final List<Band> bands = new ArrayList<>();
        private final List<Bars> bars = new ArrayList<>();
        private final List<Series> series = new ArrayList<>();
        private final List<Highlight> highlights = new ArrayList<>();
        private List<LegendItem> legend;
        private String note;
        private double markerRadius = 4;

        private Builder(String title, double width, double height) {
            this.title = Objects.requireNonNull(title, "title");
            this.width = width;
            this.height = height;
        }

        /** The horizontal axis and its label. */
        public Builder xAxis(Axis axis, String label) {
            this.x = axis;
            this.xLabel = label;
            return this;
        }

        /** The vertical axis and its label. */
        public Builder yAxis(Axis axis, String label) {
            this.y = axis;
            this.yLabel = label;
            return this;
        }

        /** Adds a shaded region. */
        public Builder region(Region r) {
            regions.add(r);
            return this;
        }

        /** Adds a shaded band. */
        public Builder band(Band b) {
            bands.add(b);
            return this;
        }

        /** Adds bars. */
        public Builder bars(Bars b) {
            bars.add(b);
            return this;
        }

        /** Adds a series. */
        public Builder series(Series s) {
            series.add(s);
            return this;
        }

        /** Adds a highlighted point. */
        public Builder highlight(Highlight h) {
            highlights.add(h);
            return this;
        }

        /** Replaces the legend made from the named series, bars and bands. */
        public Builder legend(List<LegendItem> items) {
            this.legend = items;
            return this;
        }

        /** A line of small text under the chart. */
        public Builder note(String text) {
            this.note = text;
            return this;
        }

        /** The radius of point markers in pixels (default 4). */
        public Builder markerRadius(double r) {
            this.markerRadius = r;
            return this;
        }

        /** The chart. */
        public XyChart build() {
            return new XyChart(this);
        }
    }
}
