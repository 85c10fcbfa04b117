package org.covertmark.core.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import org.covertmark.api.flow.Connection;
import org.covertmark.api.net.IpAddress;
import org.covertmark.api.strategy.Decisions;
import org.covertmark.api.strategy.Decisions.Kind;
import org.covertmark.api.strategy.Unit;
import org.covertmark.core.measure.Count;
import org.covertmark.core.measure.Measurement;

/**
 * Counts a strategy's decisions on one trace, for the selection and the test part at once: at the
 * strategy's unit, then per connection (blocked once any of its units is flagged) and per host (by
 * the {@link HostRule}). The units of a trace are fixed once per strategic filter ({@link Units}), so
 * that counting a configuration is a pass over arrays.
 */
final class Tally {

    /** Host-level reason of a host not blocked although some of its connections were flagged. */
    static final String BELOW_HOST_RULE = "below-host-rule";

    private Tally() {
    }

    /** The packet units of a trace under its strategic filter, with each unit's connection and view index. */
    static final class Units {
        final int[] view;
        final int[] connection;
        final boolean[] payload;
        final int size;

        private Units(int[] view, int[] connection, boolean[] payload, int size) {
            this.view = view;
            this.connection = connection;
            this.payload = payload;
            this.size = size;
        }

        /**
         * The packets of the run's direction that belong to a connection and either carry payload or
         * are in the strategic view (a strategy may judge a packet without payload; then it counts).
         */
        static Units of(TraceData t) {
            int packets = t.allPackets().size();
            // Two walks, the strategic view's indices (ascending) alongside: the first counts, the second
            // fills arrays of exactly that size.
            int n = 0;
            for (int i = 0, v = 0; i < packets; i++) {
                boolean inView = v < t.viewSize() && t.fullIndex(v) == i;
                if (inView) {
                    v++;
                }
                if (t.inRun(i) && t.index().connectionOf(i) >= 0 && (inView || t.hasPayload(i))) {
                    n++;
                }
            }
            int[] view = new int[n];
            int[] connection = new int[n];
            boolean[] payload = new boolean[n];
            for (int i = 0, v = 0, u = 0; u < n; i++) {
                boolean inView = v < t.viewSize() && t.fullIndex(v) == i;
                if (inView) {
                    v++;
                }
                int c = t.index().connectionOf(i);
                if (!t.inRun(i) || c < 0 || !inView && !t.hasPayload(i)) {
                    continue;
                }
                view[u] = inView ? v - 1 : -1;
                connection[u] = c;
                payload[u] = t.hasPayload(i);
                u++;
            }
            return new Units(view, connection, payload, n);
        }
    }

    /** What one trace's decisions came to in one part: counts by level, and each connection's outcome. */
    record Part(Map<String, Count> levels, Kind[] flowKinds, String[] flowReasons, int[] flowUnits) {
    }

    /** The two parts of one trace. */
    record Parts(Part selection, Part test) {
    }

    /** Counts the decisions on a trace in both parts of a partition. */
    static Parts count(TraceData t, Units units, Decisions d, Unit unit, Partition p, HostRule rule) {
        Builder selection = new Builder(t, unit);
        Builder test = new Builder(t, unit);
        boolean whole = p.whole();
        if (unit == Unit.PACKET) {
            countPackets(t, units, d, p, selection, test);
        } else if (unit == Unit.WINDOW) {
            for (int w = 0; w < d.windowCount(); w++) {
                int[] members = d.window(w);
                if (members.length == 0) {
                    continue;
                }
                int first = t.index().connectionOf(t.fullIndex(members[0]));
                if (first < 0) {
                    continue;
                }
                Kind kind = d.windowKind(w);
                String reason = d.windowReason(w);
                boolean inSelection = p.inSelection(first);
                Builder b = inSelection && !whole ? selection : test;
                b.window(t, members, kind, reason, p, inSelection);
                if (whole) {
                    selection.window(t, members, kind, reason, p, true);
                }
            }
        } else {
            for (Connection c : t.connections()) {
                int id = c.id();
                if (!t.examined(id)) {
                    continue;
                }
                Kind k = d.kind(id);
                Kind kind = k == null ? Kind.SET_ASIDE : k;
                String reason = k == null ? Decisions.NOT_JUDGED : d.reason(id);
                if (p.inSelection(id)) {
                    selection.flow(id, kind, reason);
                }
                if (whole || !p.inSelection(id)) {
                    test.flow(id, kind, reason);
                }
            }
        }
        return new Parts(selection.finish(p, true, rule), test.finish(p, false, rule));
    }

    /**
     * The packet branch of {@link #count}, a pass over arrays: units are counted by reason index, not
     * by string, and each connection keeps its units' count and its strongest reason (flagged over
     * passed over set aside, the first of them); the two parts' builders are filled from that once.
     */
    private static void countPackets(TraceData t, Units units, Decisions d, Partition p, Builder selection,
            Builder test) {
        boolean whole = p.whole();
        boolean[] selected = p.selected();
        int r = d.reasons().size();
        Kind[] kindOf = new Kind[r + 1];
        String[] reasonOf = new String[r + 1];
        int[] rankOf = new int[r + 1];
        for (int i = 0; i < r; i++) {
            kindOf[i] = d.reasonKind(i);
            reasonOf[i] = d.reasons().get(i);
            rankOf[i] = rank(kindOf[i]);
        }
        kindOf[r] = Kind.SET_ASIDE;
        reasonOf[r] = Decisions.NOT_JUDGED;
        rankOf[r] = rank(Kind.SET_ASIDE);
        long[] inSelection = new long[r + 1];
        long[] inTest = whole ? inSelection : new long[r + 1];
        int flows = t.connections().size();
        int[] unitsOf = new int[flows];
        int[] strongest = new int[flows];
        int[] strongestRank = new int[flows];
        for (int u = 0; u < units.size; u++) {
            int v = units.view[u];
            int index = v < 0 ? -1 : d.reasonIndex(v);
            if (index < 0) {
                if (!units.payload[u]) {
                    // A packet without payload is a unit only when the strategy judged it.
                    continue;
                }
                index = r;
            }
            int c = units.connection[u];
            if (whole || selected[c]) {
                inSelection[index]++;
            } else {
                inTest[index]++;
            }
            unitsOf[c]++;
            if (rankOf[index] > strongestRank[c]) {
                strongestRank[c] = rankOf[index];
                strongest[c] = index;
            }
        }
        selection.units.add(inSelection, kindOf, reasonOf);
        test.units.add(inTest, kindOf, reasonOf);
        for (int c = 0; c < flows; c++) {
            if (unitsOf[c] == 0) {
                continue;
            }
            Kind kind = kindOf[strongest[c]];
            String reason = reasonOf[strongest[c]];
            if (whole || selected[c]) {
                selection.set(c, unitsOf[c], kind, reason);
            }
            if (whole || !selected[c]) {
                test.set(c, unitsOf[c], kind, reason);
            }
        }
    }

    private static int rank(Kind k) {
        return k == null ? 0 : switch (k) {
            case SET_ASIDE -> 1;
            case PASSED -> 2;
            case FLAGGED -> 3;
        };
    }

    /** Counts of one level under construction. */
    private static final class Counter {
        long flagged;
        long examined;
        long tested;
        // Few distinct reasons, many units, usually in runs: a counter per reason, the last one at hand.
        private final Map<String, long[]> reasons = new java.util.HashMap<>();
        private String lastReason;
        private long[] last;

        void add(Kind kind, String reason) {
            examined++;
            if (kind != Kind.SET_ASIDE) {
                tested++;
            }
            if (kind == Kind.FLAGGED) {
                flagged++;
            }
            if (!reason.equals(lastReason)) {
                last = reasons.computeIfAbsent(reason, r -> new long[1]);
                lastReason = reason;
            }
            last[0]++;
        }

        /** Adds {@code counts[i]} units of kind {@code kinds[i]} and reason {@code reasons[i]}, for each i. */
        void add(long[] counts, Kind[] kinds, String[] reasons) {
            for (int i = 0; i < counts.length; i++) {
                long n = counts[i];
                if (n == 0) {
                    continue;
                }
                examined += n;
                if (kinds[i] != Kind.SET_ASIDE) {
                    tested += n;
                }
                if (kinds[i] == Kind.FLAGGED) {
                    flagged += n;
                }
                this.reasons.computeIfAbsent(reasons[i], x -> new long[1])[0] += n;
            }
        }

        Count count() {
            Map<String, Long> byReason = new java.util.HashMap<>();
            reasons.forEach((r, n) -> byReason.put(r, n[0]));
            return new Count(flagged, examined, tested, byReason);
        }
    }

    private static final class Builder {
        private final TraceData t;
        private final Unit unit;
        private final Counter units = new Counter();
        private final Kind[] kinds;
        private final String[] reasons;
        private final int[] counts;

        Builder(TraceData t, Unit unit) {
            this.t = t;
            this.unit = unit;
            int n = t.connections().size();
            this.kinds = new Kind[n];
            this.reasons = new String[n];
            this.counts = new int[n];
        }

        void window(TraceData t, int[] members, Kind kind, String reason, Partition p, boolean selectionPart) {
            units.add(kind, reason);
            int last = -1;
            for (int m : members) {
                int c = t.index().connectionOf(t.fullIndex(m));
                if (c < 0 || c == last || p.inSelection(c) != selectionPart && !p.whole()) {
                    continue;
                }
                merge(c, kind, reason);
                last = c;
            }
        }

        /** Sets a connection's outcome at once: its number of units, and its strongest kind and reason. */
        void set(int c, int units, Kind kind, String reason) {
            counts[c] = units;
            kinds[c] = kind;
            reasons[c] = reason;
        }

        void flow(int c, Kind kind, String reason) {
            merge(c, kind, reason);
        }

        void merge(int c, Kind kind, String reason) {
            counts[c]++;
            if (rank(kind) > rank(kinds[c])) {
                kinds[c] = kind;
                reasons[c] = reason;
            }
        }

        Part finish(Partition p, boolean selectionPart, HostRule rule) {
            boolean whole = p.whole();
            Counter flows = new Counter();
            Map<IpAddress, long[]> hosts = new LinkedHashMap<>();
            Map<IpAddress, String> hostReason = new LinkedHashMap<>();
            for (Connection c : t.connections()) {
                int id = c.id();
                if (!t.examined(id) || !whole && p.inSelection(id) != selectionPart) {
                    continue;
                }
                if (kinds[id] == null) {
                    kinds[id] = Kind.SET_ASIDE;
                    reasons[id] = unit == Unit.FLOW ? Decisions.NOT_JUDGED : Decisions.NO_PAYLOAD;
                }
                flows.add(kinds[id], reasons[id]);
                long[] h = hosts.computeIfAbsent(c.server(), k -> new long[3]);
                h[0]++;
                if (kinds[id] != Kind.SET_ASIDE) {
                    h[1]++;
                }
                if (kinds[id] == Kind.FLAGGED) {
                    if (h[2] == 0) {
                        hostReason.put(c.server(), reasons[id]);
                    }
                    h[2]++;
                }
                hostReason.putIfAbsent(c.server(), reasons[id]);
            }
            Counter hostCount = new Counter();
            hosts.forEach((host, h) -> {
                if (rule.blocks(h[2], h[0])) {
                    hostCount.add(Kind.FLAGGED, hostReason.get(host));
                } else if (h[1] > 0) {
                    hostCount.add(Kind.PASSED, h[2] > 0 ? BELOW_HOST_RULE : Decisions.PASSED);
                } else {
                    hostCount.add(Kind.SET_ASIDE, hostReason.get(host));
                }
            });
            Map<String, Count> levels = new LinkedHashMap<>();
            if (unit != Unit.FLOW) {
                levels.put(unit == Unit.PACKET ? Measurement.PACKET : Measurement.WINDOW, units.count());
            }
            levels.put(Measurement.FLOW, flows.count());
            levels.put(Measurement.HOST, hostCount.count());
            return new Part(levels, kinds, reasons, counts);
        }
    }
}
