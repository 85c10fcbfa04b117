package org.covertmark.core.plugin;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/** Thrown when no strategy of a name was found; the message lists those that were. */
@API(status = MAINTAINED, since = "0.1")
public final class UnknownStrategyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** No strategy {@code name}; {@code nearest} is the likeliest intended name. */
    public UnknownStrategyException(String name, Optional<String> nearest, List<String> available) {
        super("no strategy named '" + name + "'; " + nearest.map(n -> "did you mean " + n + "? ").orElse("")
                + (available.isEmpty() ? "no strategies were found on the class path or in plugin directories"
                : "available: " + String.join(", ", available)));
    }
}
