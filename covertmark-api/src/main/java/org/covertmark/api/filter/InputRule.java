package org.covertmark.api.filter;

import java.util.Objects;
import org.covertmark.api.net.Subnet;

/**
 * One rule of an {@link InputFilter}: an address block and the direction it applies to.
 *
 * @param subnet the addresses the rule names
 * @param direction which packet address it is compared with
 */
public record InputRule(Subnet subnet, Direction direction) {

    /** Checks for nulls. */
    public InputRule {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(direction, "direction");
    }

    /** A rule on source addresses. */
    public static InputRule src(String subnet) {
        return new InputRule(Subnet.parse(subnet), Direction.SRC);
    }

    /** A rule on destination addresses. */
    public static InputRule dst(String subnet) {
        return new InputRule(Subnet.parse(subnet), Direction.DST);
    }

    /** A rule on either address. */
    public static InputRule either(String subnet) {
        return new InputRule(Subnet.parse(subnet), Direction.EITHER);
    }

    /** The rule with SRC and DST swapped (EITHER stays EITHER). */
    public InputRule reversed() {
        return switch (direction) {
            case SRC -> new InputRule(subnet, Direction.DST);
            case DST -> new InputRule(subnet, Direction.SRC);
            case EITHER -> this;
        };
    }

    /** {@code SRC 10.0.0.0/8} and so on. */
    @Override
    public String toString() {
        return direction + " " + subnet;
    }
}
