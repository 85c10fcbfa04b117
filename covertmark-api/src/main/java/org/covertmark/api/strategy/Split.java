package org.covertmark.api.strategy;

import java.util.List;
import org.covertmark.api.packet.Packet;

/**
 * Positive packets divided into the ones a strategy learns from and the ones it is tested on.
 *
 * @param test packets used as test (training) data
 * @param validation packets held out for validation
 */
public record Split(List<Packet> test, List<Packet> validation) {

    /** No split. */
    public static final Split NONE = new Split(List.of(), List.of());

    /** Copies both lists. */
    public Split {
        test = List.copyOf(test);
        validation = List.copyOf(validation);
    }
}
