package org.covertmark.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One in-process run of the command line: exit status, standard output and standard error. */
record CliRun(int status, String out, String err) {

    /** The public captures shipped with the project. */
    static final Path PUBLIC = Path.of("..", "data", "public");

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int status = Main.execute(out, new PrintWriter(err, true), args);
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString());
    }

    /** The output read as a TSV table with a header row: one map from column name to value per row. */
    List<Map<String, String>> tsv() {
        return parseTsv(out);
    }

    static List<Map<String, String>> parseTsv(String text) {
        List<Map<String, String>> rows = new ArrayList<>();
        String[] lines = text.split("\n");
        String[] header = lines[0].replaceFirst("^#", "").split("\t", -1);
        for (String line : Arrays.asList(lines).subList(1, lines.length)) {
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < cells.length ? cells[i] : "");
            }
            rows.add(row);
        }
        return rows;
    }
}
