package org.covertmark.api.strategy;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;
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
@API(status = MAINTAINED, since = "0.1")
public final class Decisions {

    /** What happened to a unit. */
    @API(status = MAINTAINED, since = "0.1")
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

    /**
     * Decisions about the packets of {@code trace}, by index into {@code trace.packets()}.
     *
     * @param trace the trace being judged
     * @return a builder of one decision per packet of {@code trace.packets()}, none made yet
     */
    public static Builder packets(TraceView trace) {
        return new Builder(Unit.PACKET, trace.packets().size());
    }

    /**
     * Decisions about windows of the packets of {@code trace}.
     *
     * @param trace the trace being judged
     * @return a builder of window decisions, each window a set of indices into {@code trace.packets()}
     */
    public static Builder windows(TraceView trace) {
        return new Builder(Unit.WINDOW, trace.packets().size());
    }

    /**
     * Decisions about the connections of {@code trace}, by index into {@code trace.connections()}.
     *
     * @param trace the trace being judged
     * @return a builder of one decision per connection of {@code trace.connections()}, none made yet
     */
    public static Builder flows(TraceView trace) {
        return new Builder(Unit.FLOW, trace.connections().size());
    }

    /**
     * The reason of a unit set aside because its connection's protocol is exempt.
     *
     * @param protocol the protocol the strategy does not judge
     * @return {@code exempt:} and the protocol's {@linkplain AppProtocol#label() label}, e.g.
     *     {@code exempt:tls}
     */
    public static String exempt(AppProtocol protocol) {
        return "exempt:" + protocol.label();
    }

    /** {@return what the decisions are about: the unit of the builder they came from} */
    public Unit unit() {
        return unit;
    }

    /**
     * {@return the number of packets (packet and window units) or connections (flow units) of the
     * trace the decisions were built for}
     */
    public int size() {
        return size;
    }

    /**
     * The kind of decision about packet or connection {@code i}.
     *
     * @param i the index of the packet (packet unit) or connection (flow unit), 0 to
     *     {@code size() - 1}
     * @return the kind of the last decision about it; null when it was not judged
     * @throws IllegalStateException for window decisions, which are read by window
     * @throws IndexOutOfBoundsException when {@code i} is outside 0 to {@code size() - 1}
     */
    public Kind kind(int i) {
        requireIndexed();
        int c = codes[Objects.checkIndex(i, size)];
        return c == 0 ? null : kinds.get(c - 1);
    }

    /**
     * The reason of the decision about packet or connection {@code i}.
     *
     * @param i the index of the packet (packet unit) or connection (flow unit), 0 to
     *     {@code size() - 1}
     * @return the reason of the last decision about it, such as {@link #FLAGGED}; null when it was
     *     not judged
     * @throws IllegalStateException for window decisions, which are read by window
     * @throws IndexOutOfBoundsException when {@code i} is outside 0 to {@code size() - 1}
     */
    public String reason(int i) {
        requireIndexed();
        int c = codes[Objects.checkIndex(i, size)];
        return c == 0 ? null : reasons.get(c - 1);
    }

    /**
     * The distinct reasons of these decisions, in the order first used; with {@link #reasonIndex} and
     * {@link #reasonKind}, a way to count many decisions without a string per unit.
     *
     * @return the reasons, each once; an unmodifiable list
     */
    public List<String> reasons() {
        return reasons;
    }

    /**
     * The kind of decision every unit with reason {@code reasons().get(index)} received: a reason is
     * only ever used for one kind.
     *
     * @param index an index into {@link #reasons()}
     * @return the reason's kind
     * @throws IndexOutOfBoundsException when {@code index} is outside {@link #reasons()}
     */
    public Kind reasonKind(int index) {
        return kinds.get(index);
    }

    /**
     * The index into {@link #reasons()} of the decision about packet or connection {@code i}.
     *
     * @param i the index of the packet (packet unit) or connection (flow unit), 0 to
     *     {@code size() - 1}
     * @return the index of the reason of the last decision about it; -1 when it was not judged
     * @throws IllegalStateException for window decisions, which are read by window
     * @throws IndexOutOfBoundsException when {@code i} is outside 0 to {@code size() - 1}
     */
    public int reasonIndex(int i) {
        requireIndexed();
        return codes[Objects.checkIndex(i, size)] - 1;
    }

    /** {@return the number of windows recorded; 0 unless {@link #unit()} is {@link Unit#WINDOW}} */
    public int windowCount() {
        return windows.size();
    }

    /**
     * The packet indices of window {@code w}.
     *
     * @param w the window's index, in the order windows were recorded, 0 to {@code windowCount() - 1}
     * @return a copy of its indices into {@code trace.packets()}, in the order given
     * @throws IndexOutOfBoundsException when there is no window {@code w}
     */
    public int[] window(int w) {
        return windows.get(w).clone();
    }

    /**
     * The kind of decision about window {@code w}.
     *
     * @param w the window's index, in the order windows were recorded, 0 to {@code windowCount() - 1}
     * @return the kind recorded with the window
     * @throws IndexOutOfBoundsException when there is no window {@code w}
     */
    public Kind windowKind(int w) {
        return kinds.get(windowCodes[Objects.checkIndex(w, windows.size())] - 1);
    }

    /**
     * The reason of the decision about window {@code w}.
     *
     * @param w the window's index, in the order windows were recorded, 0 to {@code windowCount() - 1}
     * @return the reason recorded with the window, such as {@link #FLAGGED}
     * @throws IndexOutOfBoundsException when there is no window {@code w}
     */
    public String windowReason(int w) {
        return reasons.get(windowCodes[Objects.checkIndex(w, windows.size())] - 1);
    }

    private void requireIndexed() {
        if (unit == Unit.WINDOW) {
            throw new IllegalStateException("window decisions are read with window(w), windowKind(w), windowReason(w)");
        }
    }

    /** Collects decisions; not thread-safe. */
    @API(status = MAINTAINED, since = "0.1")
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

        /**
         * Flags packet or connection {@code i}, with reason {@link #FLAGGED}.
         *
         * @param i the index of the packet (packet decisions) or connection (flow decisions)
         * @return this builder
         * @throws IllegalStateException for window decisions
         * @throws IndexOutOfBoundsException when {@code i} is outside the trace's packets or connections
         */
        public Builder flag(int i) {
            if (flaggedCode == 0) {
                flaggedCode = code(Kind.FLAGGED, FLAGGED);
            }
            return decide(i, flaggedCode);
        }

        /**
         * Flags packet or connection {@code i}, saying why in a few words ({@code random-bytes}).
         *
         * @param i the index of the packet (packet decisions) or connection (flow decisions)
         * @param reason a few words: 1 to 48 characters of lower-case letters, digits and {@code :_.-},
         *     beginning with a letter or digit, e.g. {@code random-bytes}
         * @return this builder
         * @throws IllegalStateException for window decisions
         * @throws IndexOutOfBoundsException when {@code i} is outside the trace's packets or connections
         * @throws IllegalArgumentException when {@code reason} is not of that form, or was used for a
         *     decision of another kind already
         */
        public Builder flag(int i, String reason) {
            return decide(i, Kind.FLAGGED, reason);
        }

        /**
         * Passes packet or connection {@code i} after testing it, with reason {@link #PASSED}.
         *
         * @param i the index of the packet (packet decisions) or connection (flow decisions)
         * @return this builder
         * @throws IllegalStateException for window decisions
         * @throws IndexOutOfBoundsException when {@code i} is outside the trace's packets or connections
         */
        public Builder pass(int i) {
            if (passedCode == 0) {
                passedCode = code(Kind.PASSED, PASSED);
            }
            return decide(i, passedCode);
        }

        /**
         * Passes packet or connection {@code i} after testing it, saying why.
         *
         * @param i the index of the packet (packet decisions) or connection (flow decisions)
         * @param reason a few words: 1 to 48 characters of lower-case letters, digits and {@code :_.-},
         *     beginning with a letter or digit, e.g. {@code random-bytes}
         * @return this builder
         * @throws IllegalStateException for window decisions
         * @throws IndexOutOfBoundsException when {@code i} is outside the trace's packets or connections
         * @throws IllegalArgumentException when {@code reason} is not of that form, or was used for a
         *     decision of another kind already
         */
        public Builder pass(int i, String reason) {
            return decide(i, Kind.PASSED, reason);
        }

        /**
         * Sets packet or connection {@code i} aside untested, saying why ({@link #exempt}, {@link #TOO_SHORT}).
         *
         * @param i the index of the packet (packet decisions) or connection (flow decisions)
         * @param reason a few words: 1 to 48 characters of lower-case letters, digits and {@code :_.-},
         *     beginning with a letter or digit, e.g. {@code random-bytes}
         * @return this builder
         * @throws IllegalStateException for window decisions
         * @throws IndexOutOfBoundsException when {@code i} is outside the trace's packets or connections
         * @throws IllegalArgumentException when {@code reason} is not of that form, or was used for a
         *     decision of another kind already
         */
        public Builder setAside(int i, String reason) {
            return decide(i, Kind.SET_ASIDE, reason);
        }

        /**
         * Flags ({@code true}) or passes a tested window of packets (indices into {@code trace.packets()}),
         * with reason {@link #FLAGGED} or {@link #PASSED}.
         *
         * @param packets the window's packets as indices into {@code trace.packets()}; copied
         * @param flagged true to flag the window, false to pass it
         * @return this builder
         * @throws IllegalStateException unless these are window decisions
         * @throws IndexOutOfBoundsException when an index is outside the trace's packets
         */
        public Builder window(int[] packets, boolean flagged) {
            return window(packets, flagged ? Kind.FLAGGED : Kind.PASSED, flagged ? FLAGGED : PASSED);
        }

        /**
         * Records a window of packets with the kind and reason of its decision.
         *
         * @param packets the window's packets as indices into {@code trace.packets()}; copied
         * @param kind what was decided about the window
         * @param reason a few words: 1 to 48 characters of lower-case letters, digits and {@code :_.-},
         *     beginning with a letter or digit, e.g. {@code random-bytes}
         * @return this builder
         * @throws IllegalStateException unless these are window decisions
         * @throws IndexOutOfBoundsException when an index is outside the trace's packets
         * @throws IllegalArgumentException when {@code reason} is not of that form, or was used for a
         *     decision of another kind already
         */
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

        /**
         * {@return the decisions made so far} The builder may go on deciding; what it decides later
         * does not change decisions already built.
         */
        public Decisions build() {
            return new Decisions(this);
        }
    }
}
