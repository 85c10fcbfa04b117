package org.covertmark.core.chart;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import javax.imageio.ImageIO;
import org.apiguardian.api.API;

/**
 * Draws a chart into an image with Java 2D, for PNG files. Tooltips have no place in an image and
 * are dropped. Needs no display ({@code java.awt.headless} is set) but needs a font, as every JDK
 * with a system font does.
 */
@API(status = INTERNAL, since = "0.1")
public final class ImageCanvas implements Canvas {

    private final double scale;
    private BufferedImage image;
    private Graphics2D g;

    /** A canvas drawing at {@code scale} image pixels per chart pixel (2 for sharp images on dense screens). */
    public ImageCanvas(double scale) {
        this.scale = scale;
    }

    @Override
    public void begin(double width, double height, String description) {
        System.setProperty("java.awt.headless", "true");
        image = new BufferedImage((int) Math.ceil(width * scale), (int) Math.ceil(height * scale),
                BufferedImage.TYPE_INT_RGB);
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.scale(scale, scale);
    }

    @Override
    public void end() {
        g.dispose();
    }

    /** The image drawn. */
    public BufferedImage image() {
        return image;
    }

    /** Writes the image as PNG. */
    public void writePng(OutputStream out) throws IOException {
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer in this JDK");
        }
    }

    @Override
    public void rect(double x, double y, double width, double height, Style style) {
        paint(new Rectangle2D.Double(x, y, Math.max(0, width), Math.max(0, height)), style);
    }

    @Override
    public void line(double x1, double y1, double x2, double y2, Style style) {
        paint(new Line2D.Double(x1, y1, x2, y2), new Style(null, style.stroke(), style.strokeWidth(), 1,
                style.dashed()));
    }

    @Override
    public void polyline(double[] xs, double[] ys, Style style) {
        paint(path(xs, ys, false), new Style(null, style.stroke(), style.strokeWidth(), 1, style.dashed()));
    }

    @Override
    public void polygon(double[] xs, double[] ys, Style style) {
        paint(path(xs, ys, true), style);
    }

    @Override
    public void circle(double cx, double cy, double r, Style style) {
        paint(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r), style);
    }

    @Override
    public void text(double x, double y, String text, Font font) {
        java.awt.Font f = new java.awt.Font(java.awt.Font.SANS_SERIF, font.bold() ? java.awt.Font.BOLD
                : java.awt.Font.PLAIN, 1).deriveFont((float) font.size());
        g.setFont(f);
        g.setColor(colour(font.colour(), 1));
        double w = g.getFontMetrics().getStringBounds(text, g).getWidth();
        double shift = font.anchor() == Anchor.START ? 0 : font.anchor() == Anchor.MIDDLE ? -w / 2 : -w;
        AffineTransform saved = g.getTransform();
        g.translate(x, y);
        if (font.rotated()) {
            g.rotate(-Math.PI / 2);
        }
        g.drawString(text, (float) shift, 0f);
        g.setTransform(saved);
    }

    @Override
    public void beginGroup(String tooltip) {
        // an image has no tooltips
    }

    @Override
    public void endGroup() {
        // an image has no tooltips
    }

    private static Path2D path(double[] xs, double[] ys, boolean closed) {
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < xs.length; i++) {
            if (i == 0) {
                p.moveTo(xs[i], ys[i]);
            } else {
                p.lineTo(xs[i], ys[i]);
            }
        }
        if (closed) {
            p.closePath();
        }
        return p;
    }

    private void paint(java.awt.Shape shape, Style s) {
        if (s.fill() != null) {
            g.setColor(colour(s.fill(), s.opacity()));
            g.fill(shape);
        }
        if (s.stroke() != null && s.strokeWidth() > 0) {
            g.setColor(colour(s.stroke(), 1));
            g.setStroke(s.dashed() ? new BasicStroke((float) s.strokeWidth(), BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_ROUND, 10f, new float[] {4f, 3f}, 0f)
                    : new BasicStroke((float) s.strokeWidth(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(shape);
        }
    }

    private static Color colour(String hex, double opacity) {
        int rgb = Integer.parseInt(hex.substring(1), 16);
        return new Color((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff,
                (int) Math.round(Math.max(0, Math.min(1, opacity)) * 255));
    }
}
