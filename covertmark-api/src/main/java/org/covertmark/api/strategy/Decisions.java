package org.covertmark.api.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.covertmark.api.flow.AppProtocol;

/**
 * What a strategy decided about the units of one trace for one configuration: each unit it judged is
 * {@linkplain Kind#FLAGGED flagged}, {@linkplain Kind#PASSED passed} by its test, or
 * {@linkplain Kind#SET_ASIDE set aside} by a rule without being tested, each with a short reason.
 * The engine counts these; a strategy never computes a rate.
 *
 * <pre>{@code
 * Decisions.Builder d = Decisions.packets(trace);
 * for (int i = 0; i < trace.packets().size(); i++) {
 *     if (trace.connection(i).protocol() == AppProtocol.TLS) {
 *         d.setAside(i, Decisions.exempt(AppProtocol.TLS));
 *     } else if (looksRandom(trace.packets().get(i))) {
 *         d.flag(i);
 *     } else {
 *         d.pass(i);
 *     }
 * }
 * return d.build();
 * }</pre>
 *
 * <p>A packet-unit decision is about {@code trace.packets().get(i)}; a flow-unit decision about
 * {@code trace.connections().get(i)}; a window is a set of packet indices. A unit judged twice keeps
 * the last decision. Packets with payload a strategy does not judge are counted as set aside with
 * reason {@link #NOT_JUDGED}.
 */
public final class Decisions {

    /** What happened to a unit. */
    public enum Kind {
        /** The strategy's test ran and flagged the unit as the protocol. */
        FLAGGED,
        /** The strategy's test ran and passed the unit. */
        PASSED,
        /** A rule passed the unit without testing it (an exempt protocol, too short, …). */
        SET_ASIDE
    }

    /** The reason of a flag with no reason of its own. */
    public static final String FLAGGED = "flagged";
    /** The reason of a pass with no reason of its own. */
    public static final String PASSED = "passed";
    /** Set aside: shorter than the configuration's minimum length. */
    public static final String TOO_SHORT = "too-short";
    /** Set aside: a packet with payload, or a connection, that the strategy did not judge. */
    public static final String NOT_JUDGED = "not-judged";
    /** Set aside: a connection without payload in the run's direction. */
    public static final String NO_PAYLOAD = "no-payload";

    private static final int MAX_REASON = 48;

    private final Unit unit;
    private final int size;
    private final short[] codes;
    private final List<int[]> windows;
    private final short[] windowCodes;
    private final List<String> reasons;
    private final List<Kind> kinds;

    private Decisions(Builder b) {
        this.unit = b.unit;
        this.size = b.size;
        this.codes = b.codes == null ? null : b.codes.clone();
        this.windows = List.copyOf(b.windows);
        this.windowCodes = Arrays.copyOf(b.windowCodes, b.windows.size());
        this.reasons = List.copyOf(b.reasons);
        this.kinds = List.copyOf(b.kinds);
    }

    /** Decisions about the packets of {@code trace}, by index into {@code trace.packets()}. */
    public static Builder packets(TraceView trace) {
        return new Builder(Unit.PACKET, trace.packets().size());
    }

    /** Decisions about windows of the packets of {@code trace}. */
    public static Builder windows(TraceView trace) {
        return new Builder(Unit.WINDOW, trace.packets().size());
    }

    /** Decisions about the connections of {@code trace}, by index into {@code trace.connections()}. */
    public static Builder flows(TraceView trace) {
        return new Builder(Unit.FLOW, trace.connections().size());
    }

    /** The reason of a unit set aside because its connection's protocol is exempt: {@code exempt:tls}. */
    public static String exempt(AppProtocol protocol) {
        return "exempt:" + protocol.label();
    }

    /** What the decisions are about. */
    public Unit unit() {
        return unit;
    }

    /** The number of packets (packet and window units) or connections (flow units) the decisions index. */
    public int size() {
        return size;
    }

    /** The kind of decision about packet or connection {@code i}; null when it was not judged. */
    public Kind kind(int i) {
        requireIndexed();
        int c = codes[Objects.checkIndex(i, size)];
        return c == 0 ? null : kinds.get(c - 1);
    }

    /** The reason of the decision about packet or connection {@code i}; null when it was not judged. */
    public String reason(int i) {
        requireIndexed();
        int c = codes[Objects.checkIndex(i, size)];
        return c == 0 ? null : reasons.get(c - 1);
    }

    /**
     * The distinct reasons of these decisions, in the order first used; with {@link #reasonIndex} and
     * {@link #reasonKind}, a way to count many decisions without a string per unit.
     */
    public List<String> reasons() {
        return reasons;
    }

    /** The kind of decision every unit with reason {@code reasons().get(index)} received. */
    public Kind reasonKind(int index) {
        return kinds.get(index);
    }

    /** The index into {@link #reasons()} of the decision about packet or connection {@code i}; -1 when not judged. */
    public int reasonIndex(int i) {
        requireIndexed();
        return codes[Objects.checkIndex(i, size)] - 1;
    }

    /** The number of windows (0 unless {@link #unit()} is {@link Unit#WINDOW}). */
    public int windowCount() {
        return windows.size();
    }

    /** The packet indices of window {@code w}. */
    public int[] window(int w) {
        return windows.get(w).clone();
    }

    /** The kind of decision about window {@code w}. */
    public Kind windowKind(int w) {
        return kinds.get(windowCodes[Objects.checkIndex(w, windows.size())] - 1);
    }

    /** The reason of the decision about window {@code w}. */
    public String windowReason(int w) {
        return reasons.get(windowCodes[Objects.checkIndex(w, windows.size())] - 1);
    }

    private void requireIndexed() {
        if (unit == Unit.WINDOW) {
            throw new IllegalStateException("window decisions are read with window(w), windowKind(w), windowReason(w)");
        }
    }

    /** Collects decisions; not thread-safe. */
    public static final class Builder {
        private final Unit unit;
        private final int size;
        private final short[] codes;
        private final List<int[]> windows = new ArrayList<>();
        private short[] windowCodes = new short[16];
        private final List<String> reasons = new ArrayList<>();
        private final List<Kind> kinds = new ArrayList<>();
        private final Map<String, Short> codeOf = new HashMap<>();
        /** The codes of the reasonless flag and pass, once used: the commonest decisions. */
        private short flaggedCode;
        private short passedCode;
        /** The last reason coded, and its kind and code: strategies decide many units alike in a row. */
        private String lastReason;
        private Kind lastKind;
        private short lastCode;

        private Builder(Unit unit, int size) {
            this.unit = unit;
            this.size = size;
            this.codes = unit == Unit.WINDOW ? null : new short[size];
        }

        /** Flags packet or connection {@code i}. */
        public Builder flag(int i) {
            if (flaggedCode == 0) {
                flaggedCode = code(Kind.FLAGGED, FLAGGED);
            }
            return decide(i, flaggedCode);
        }

        /** Flags packet or connection {@code i}, saying why in a few words ({@code random-bytes}). */
        public Builder flag(int i, String reason) {
            return decide(i, Kind.FLAGGED, reason);
        }

        /** Passes packet or connection {@code i} after testing it. */
        public Builder pass(int i) {
            if (passedCode == 0) {
                passedCode = code(Kind.PASSED, PASSED);
            }
            return decide(i, passedCode);
        }

        /** Passes packet or connection {@code i} after testing it, saying why. */
        public Builder pass(int i, String reason) {
            return decide(i, Kind.PASSED, reason);
        }

        /** Sets packet or connection {@code i} aside untested, saying why ({@link #exempt}, {@link #TOO_SHORT}). */
        public Builder setAside(int i, String reason) {
            return decide(i, Kind.SET_ASIDE, reason);
        }

        /** Flags ({@code true}) or passes a tested window of packets (indices into {@code trace.packets()}). */
        public Builder window(int[] packets, boolean flagged) {
            return window(packets, flagged ? Kind.FLAGGED : Kind.PASSED, flagged ? FLAGGED : PASSED);
        }

        /** Records a window of packets with the kind and reason of its decision. */
        public Builder window(int[] packets, Kind kind, String reason) {
            if (unit != Unit.WINDOW) {
                throw new IllegalStateException("these are " + unit.label() + " decisions; windows go in Decisions.windows");
            }
            Objects.requireNonNull(packets, "packets");
            for (int p : packets) {
                Objects.checkIndex(p, size);
            }
            if (windows.size() == windowCodes.length) {
                windowCodes = Arrays.copyOf(windowCodes, windowCodes.length * 2);
            }
            windowCodes[windows.size()] = code(kind, reason);
            windows.add(packets.clone());
            return this;
        }

        private Builder decide(int i, Kind kind, String reason) {
            return decide(i, code(kind, reason));
        }

        private Builder decide(int i, short code) {
            if (unit == Unit.WINDOW) {
                throw new IllegalStateException("these are window decisions; use window(packets, ...)");
            }
            codes[Objects.checkIndex(i, size)] = code;
            return this;
        }

        private short code(Kind kind, String reason) {
            if (reason == lastReason && kind == lastKind && reason != null) {
                return lastCode;
            }
            short code = lookUp(kind, reason);
            lastReason = reason;
            lastKind = kind;
            lastCode = code;
            return code;
        }

        private short lookUp(Kind kind, String reason) {
            Objects.requireNonNull(kind, "kind");
            Short c = codeOf.get(reason);
            if (c != null) {
                if (kinds.get(c - 1) != kind) {
                    throw new IllegalArgumentException("reason '" + reason + "' was used for a "
                            + kinds.get(c - 1).name().toLowerCase(java.util.Locale.ROOT) + " unit already");
                }
                return c;
            }
            checkReason(reason);
            if (reasons.size() == Short.MAX_VALUE - 1) {
                throw new IllegalStateException("more than " + (Short.MAX_VALUE - 1) + " distinct reasons");
            }
            reasons.add(reason);
            kinds.add(kind);
            short code = (short) reasons.size();
            codeOf.put(reason, code);
            return code;
        }

        private static void checkReason(String reason) {
            Objects.requireNonNull(reason, "reason");
            if (reason.isEmpty() || reason.length() > MAX_REASON || !reason.matches("[a-z0-9][a-z0-9:_.-]*")) {
                throw new IllegalArgumentException("a reason is 1 to " + MAX_REASON
                        + " characters of lower-case letters, digits and ':_.-', not '" + reason + "'");
            }
        }

        /** The decisions. */
        public Decisions build() {
            return new Decisions(this);
        }
    }
}
