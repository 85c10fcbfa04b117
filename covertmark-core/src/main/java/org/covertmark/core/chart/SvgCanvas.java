package org.covertmark.core.chart;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Draws a chart as an SVG element, for embedding in HTML ({@link #toString()} without an XML
 * declaration) or as a file of its own ({@link #document()}). Groups become {@code <g>} elements
 * with a {@code <title>}, which browsers show as a tooltip.
 */
@API(status = INTERNAL, since = "0.1")
public final class SvgCanvas implements Canvas {

    private static final String FONT = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif";

    private final StringBuilder out = new StringBuilder(8192);
    private final String cssClass;

    /** A canvas whose {@code <svg>} element has this class attribute (null for none). */
    public SvgCanvas(String cssClass) {
        this.cssClass = cssClass;
    }

    @Override
    public void begin(double width, double height, String description) {
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        if (cssClass != null) {
            out.append(" class=\"").append(escape(cssClass)).append('"');
        }
        out.append(" width=\"").append(n(width)).append("\" height=\"").append(n(height))
                .append("\" viewBox=\"0 0 ").append(n(width)).append(' ').append(n(height))
                .append("\" role=\"img\" aria-label=\"").append(escape(description)).append("\" font-family=\"")
                .append(FONT).append("\">\n<title>").append(escape(description)).append("</title>\n");
    }

    @Override
    public void end() {
        out.append("</svg>");
    }

    @Override
    public void rect(double x, double y, double width, double height, Style style) {
        out.append("<rect x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" width=\"")
                .append(n(Math.max(0, width))).append("\" height=\"").append(n(Math.max(0, height))).append('"');
        style(style);
        out.append("/>\n");
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Style style) {
        out.append("<line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append('"');
        style(style);
        out.append("/>\n");
    }

    @Override
    public void polyline(double[] xs, double[] ys, Style style) {
        out.append("<polyline points=\"").append(points(xs, ys)).append('"');
        style(new Style(null, style.stroke(), style.strokeWidth(), style.opacity(), style.dashed()));
        out.append(" stroke-linejoin=\"round\"/>\n");
    }

    @Override
    public void polygon(double[] xs, double[] ys, Style style) {
        out.append("<polygon points=\"").append(points(xs, ys)).append('"');
        style(style);
        out.append("/>\n");
    }

    @Override
    public void circle(double cx, double cy, double r, Style style) {
        out.append("<circle cx=\"").append(n(cx)).append("\" cy=\"").append(n(cy)).append("\" r=\"").append(n(r))
                .append('"');
        style(style);
        out.append("/>\n");
    }

    @Override
    public void text(double x, double y, String text, Font font) {
        out.append("<text x=\"").append(n(x)).append("\" y=\"").append(n(y)).append("\" font-size=\"")
                .append(n(font.size())).append("\" fill=\"").append(font.colour()).append('"');
        if (font.anchor() != Anchor.START) {
            out.append(" text-anchor=\"").append(font.anchor() == Anchor.MIDDLE ? "middle" : "end").append('"');
        }
        if (font.bold()) {
            out.append(" font-weight=\"bold\"");
        }
        if (font.rotated()) {
            out.append(" transform=\"rotate(-90 ").append(n(x)).append(' ').append(n(y)).append(")\"");
        }
        out.append('>').append(escape(text)).append("</text>\n");
    }

    @Override
    public void beginGroup(String tooltip) {
        out.append("<g><title>").append(escape(tooltip)).append("</title>\n");
    }

    @Override
    public void endGroup() {
        out.append("</g>\n");
    }

    /** The drawing as an {@code <svg>} element. */
    @Override
    public String toString() {
        return out.toString();
    }

    /** The drawing as a standalone SVG file's content. */
    public String document() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + out + "\n";
    }

    private void style(Style s) {
        out.append(" fill=\"").append(s.fill() == null ? "none" : s.fill()).append('"');
        if (s.fill() != null && s.opacity() < 1) {
            out.append(" fill-opacity=\"").append(n(s.opacity())).append('"');
        }
        if (s.stroke() != null && s.strokeWidth() > 0) {
            out.append(" stroke=\"").append(s.stroke()).append("\" stroke-width=\"").append(n(s.strokeWidth()))
                    .append('"');
            if (s.dashed()) {
                out.append(" stroke-dasharray=\"4 3\"");
            }
        }
    }

    private static String points(double[] xs, double[] ys) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(n(xs[i])).append(',').append(n(ys[i]));
        }
        return b.toString();
    }

    /** A coordinate with at most two decimals, to keep the files small. */
    static String n(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.equals("-0") ? "0" : s;
    }

    /** Escapes text for XML content and attributes. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
