package org.covertmark.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;

/**
 * The summary of the packets a command skipped because they could not be decoded: one line per
 * reason, {@code covertmark: FILE: skipped N packets: REASON}, printed on standard error once the
 * command has succeeded (a command that fails prints its error alone). Frames without IP and
 * packets outside the input filter are skipped by design and not reported.
 */
final class SkippedPackets {

    /** Reasons for skipping that are no fault of the capture. */
    private static final Set<String> BY_DESIGN = Set.of("not an IP frame", "outside the input filter");

    private SkippedPackets() {
    }

    /** Prints a line for each reason a fault of the capture, with its count, in the order given. */
    static void report(PrintWriter err, String file, Map<String, Long> skipped) {
        for (Map.Entry<String, Long> e : skipped.entrySet()) {
            if (!BY_DESIGN.contains(e.getKey()) && e.getValue() > 0) {
                err.println("covertmark: " + file + ": skipped " + e.getValue() + " packet"
                        + (e.getValue() == 1 ? "" : "s") + ": " + e.getKey());
            }
        }
        err.flush();
    }
}
