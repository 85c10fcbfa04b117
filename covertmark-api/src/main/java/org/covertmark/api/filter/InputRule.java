package org.covertmark.api.filter;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;
import org.apiguardian.api.API;
import org.covertmark.api.net.Subnet;

/**
 * One rule of an {@link InputFilter}: an address block and the direction it applies to.
 *
 * @param subnet the addresses the rule names
 * @param direction which packet address it is compared with
 */
@API(status = STABLE, since = "0.1")
public record InputRule(Subnet subnet, Direction direction) {

    /**
     * Checks for nulls.
     *
     * @param subnet the addresses the rule names; not null
     * @param direction which packet address it is compared with; not null
     */
    public InputRule {
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(direction, "direction");
    }

    /**
     * A rule on source addresses.
     *
     * @param subnet an address or CIDR block as {@link Subnet#parse} reads it, e.g. {@code 10.0.0.0/8}
     * @return the SRC rule
     * @throws IllegalArgumentException when {@code subnet} is not an address or block
     */
    public static InputRule src(String subnet) {
        return new InputRule(Subnet.parse(subnet), Direction.SRC);
    }

    /**
     * A rule on destination addresses.
     *
     * @param subnet an address or CIDR block as {@link Subnet#parse} reads it, e.g. {@code 192.0.2.7}
     * @return the DST rule
     * @throws IllegalArgumentException when {@code subnet} is not an address or block
     */
    public static InputRule dst(String subnet) {
        return new InputRule(Subnet.parse(subnet), Direction.DST);
    }

    /**
     * A rule on either address.
     *
     * @param subnet an address or CIDR block as {@link Subnet#parse} reads it, e.g. {@code 2001:db8::/32}
     * @return the EITHER rule
     * @throws IllegalArgumentException when {@code subnet} is not an address or block
     */
    public static InputRule either(String subnet) {
        return new InputRule(Subnet.parse(subnet), Direction.EITHER);
    }

    /** {@return the rule with SRC and DST swapped; an EITHER rule is returned as it is} */
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
