package org.covertmark.examples.cli;

import org.covertmark.api.net.Subnet;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Turns command-line text into values, with messages that say what a valid value looks like. Public
 * for the commands of other packages.
 */
public final class Converters {

    private Converters() {
    }

    /** {@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code 2001:db8::/32}. */
    public static final class SubnetConverter implements ITypeConverter<Subnet> {
        @Override
        public Subnet convert(String value) {
            try {
                return Subnet.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value
                        + "' is not an IP address or subnet (examples: 10.0.0.0/8, 192.0.2.7, 2001:db8::/32)");
            }
        }
    }
}
