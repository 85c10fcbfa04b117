package org.covertmark.core.measure;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The rates of one configuration on one part of the traces, at every unit level the engine counts:
 * the strategy's own unit ({@code packet} or {@code window}; none for strategies that judge
 * connections), then {@code flow} and {@code host}.
 *
 * @param units rates by level, in the order packet or window, flow, host
 */
@API(status = MAINTAINED, since = "0.1")
public record Measurement(Map<String, UnitRates> units) {

    /** A packet with payload. */
    public static final String PACKET = "packet";
    /** A window of packets a strategy formed. */
    public static final String WINDOW = "window";
    /** A connection. */
    public static final String FLOW = "flow";
    /** A remote host: a connection's server address. */
    public static final String HOST = "host";
    /** The levels, finest first. */
    public static final List<String> LEVELS = List.of(PACKET, WINDOW, FLOW, HOST);

    /** Copies the map, keeping its order. */
    public Measurement {
        units = Collections.unmodifiableMap(new LinkedHashMap<>(units));
    }

    /** The rates at a level, if counted. */
    public Optional<UnitRates> unit(String level) {
        return Optional.ofNullable(units.get(level));
    }

    /** The rates over connections. */
    public UnitRates flow() {
        return units.get(FLOW);
    }

    /** The rates over remote hosts. */
    public UnitRates host() {
        return units.get(HOST);
    }
}
