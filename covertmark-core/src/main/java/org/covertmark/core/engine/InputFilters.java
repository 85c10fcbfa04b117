package org.covertmark.core.engine;

import java.util.ArrayList;
import java.util.List;
import org.covertmark.api.filter.Direction;
import org.covertmark.api.filter.InputFilter;
import org.covertmark.api.filter.InputRule;
import org.covertmark.api.filter.PacketFilter;
import org.covertmark.api.net.Subnet;
import org.covertmark.api.strategy.InputMode;

/** Turns the user's addresses into input filters, and input filters into strategic filter expressions. */
final class InputFilters {

    private InputFilters() {
    }

    /** Clients and servers as the strategy's input mode says, swapped for the reversed run. */
    static InputFilter of(InputMode mode, List<Subnet> clients, List<Subnet> servers, boolean reversed) {
        List<InputRule> rules = new ArrayList<>();
        Direction c = mode == InputMode.EITHER ? Direction.EITHER : Direction.SRC;
        Direction s = mode == InputMode.EITHER ? Direction.EITHER : Direction.DST;
        clients.forEach(n -> rules.add(new InputRule(n, c)));
        servers.forEach(n -> rules.add(new InputRule(n, s)));
        InputFilter f = InputFilter.of(rules);
        return reversed ? f.reversed() : f;
    }

    /**
     * Every rule of {@code filter} made EITHER: a filter that passes both directions of every
     * connection {@code filter} passes one direction of (and more: traffic of a client to other servers,
     * which the run's direction then leaves out).
     */
    static InputFilter widened(InputFilter filter) {
        List<InputRule> rules = new ArrayList<>();
        for (InputRule r : filter.rules()) {
            InputRule either = new InputRule(r.subnet(), Direction.EITHER);
            if (!rules.contains(either)) {
                rules.add(either);
            }
        }
        return InputFilter.of(rules);
    }

    /** The same selection as {@code filter}, as an expression a store can evaluate. */
    static PacketFilter asPacketFilter(InputFilter filter) {
        if (filter.isEmpty()) {
            return PacketFilter.all();
        }
        PacketFilter src = anyOf(filter, Direction.SRC);
        PacketFilter dst = anyOf(filter, Direction.DST);
        PacketFilter either = anyOf(filter, Direction.EITHER);
        PacketFilter directed = src == null && dst == null ? null
                : (src == null ? PacketFilter.all() : src).and(dst == null ? PacketFilter.all() : dst);
        if (directed == null) {
            return either;
        }
        return either == null ? directed : directed.or(either);
    }

    private static PacketFilter anyOf(InputFilter filter, Direction d) {
        PacketFilter out = null;
        for (InputRule r : filter.rules()) {
            if (r.direction() == d) {
                PacketFilter f = new PacketFilter.Address(d, r.subnet());
                out = out == null ? f : out.or(f);
            }
        }
        return out;
    }
}
