package org.covertmark.examples.cli;

import java.io.IOException;
import java.io.Writer;
import java.util.Iterator;
import org.covertmark.api.packet.Packet;

/**
 * The TSV table of {@code covertmark packets}: a header row, then one row per packet of a reader.
 * Public so that other tools (the benchmark) can produce exactly the command's output.
 */
public final class PacketTsv {

    private PacketTsv() {
    }

    /** Writes the header row and one row per remaining packet of {@code reader} to {@code out}. */
    public static void write(Iterator<Packet> reader, Writer out) throws IOException {
        PacketColumn[] columns = PacketColumn.values();
        StringBuilder line = new StringBuilder(256);
        for (PacketColumn c : columns) {
            line.append(c.header).append(c.ordinal() == columns.length - 1 ? '\n' : '\t');
        }
        out.append(line);
        String[] values = new String[columns.length];
        while (reader.hasNext()) {
            Packet p = reader.next();
            PacketColumn.values(p, values);
            line.setLength(0);
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    line.append('\t');
                }
                if (values[i] == null) {
                    continue;
                }
                if (columns[i].numeric) {
                    line.append(values[i]); // digits only: nothing to escape
                } else {
                    appendTsvField(line, values[i]);
                }
            }
            line.append('\n');
            out.append(line);
        }
    }

    private static void appendTsvField(StringBuilder line, String value) {
        if (!needsEscape(value)) {
            line.append(value);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\\' -> line.append("\\\\");
                default -> line.append(c);
            }
        }
    }

    private static boolean needsEscape(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r' || c == '\\') {
                return true;
            }
        }
        return false;
    }
}
