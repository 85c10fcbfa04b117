package org.covertmark.examples.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import org.covertmark.core.capture.CaptureStats;

/**
 * The summary of the packets a command skipped: one line per reason, {@code covertmark: FILE:
 * skipped N packets: REASON} (frames without IP say what they hold instead, packets that could not be
 * decoded what was wrong), printed on standard error once the command has succeeded (a command that
 * fails prints its error alone); then the packets read by a repairing rule, {@code covertmark: FILE:
 * read N packets with a repair: RULE}. Packets outside the input filter are left out by request and
 * not reported.
 */
final class SkippedPackets {

    /** Reasons for skipping that the user asked for. */
    private static final Set<String> BY_DESIGN = Set.of("outside the input filter");

    private SkippedPackets() {
    }

    /** Prints a line for each reason a packet was skipped or repaired, with its count, in the order given. */
    static void report(PrintWriter err, String file, CaptureStats stats) {
        report(err, file, stats.skipped());
        for (Map.Entry<String, Long> e : stats.repaired().entrySet()) {
            err.println("covertmark: " + file + ": read " + e.getValue() + " packet" + (e.getValue() == 1 ? "" : "s")
                    + " with a repair: " + e.getKey());
        }
        err.flush();
    }

    /** Prints a line for each reason a packet was skipped, with its count, in the order given. */
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
