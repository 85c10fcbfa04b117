package org.covertmark.analytics.traffic;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Objects;
import org.apiguardian.api.API;
import org.covertmark.api.net.IpAddress;

/**
 * A client inside the censor's control and a remote host it talks to: the unit a firewall watches.
 *
 * @param client the address inside one of the client subnets
 * @param remote the other end
 */
@API(status = MAINTAINED, since = "0.1")
public record Conversation(IpAddress client, IpAddress remote) {

    /** Checks for nulls. */
    public Conversation {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(remote, "remote");
    }
}
