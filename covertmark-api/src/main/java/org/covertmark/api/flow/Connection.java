package org.covertmark.api.flow;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.Objects;
import org.apiguardian.api.API;
import org.covertmark.api.net.IpAddress;

/**
 * One TCP or UDP connection of a trace: the two endpoints, told apart as client and server, the
 * application protocol they show, and how many packets each sent.
 *
 * @param id the connection's index in its {@link Connections} (first-seen order)
 * @param transport TCP or UDP
 * @param client the client's address
 * @param clientPort the client's port
 * @param server the server's address: the connection's host
 * @param serverPort the server's port
 * @param protocol the application protocol recognised from the first payload of each direction
 * @param packets the packets of the connection in both directions
 * @param clientPackets the packets sent by the client
 * @param serverPackets the packets sent by the server
 * @param handshakeSeen for TCP, whether the trace holds a SYN without ACK sent by the client; always
 *     false for UDP
 */
@API(status = STABLE, since = "0.1")
public record Connection(int id, Transport transport, IpAddress client, int clientPort, IpAddress server,
        int serverPort, AppProtocol protocol, long packets, long clientPackets, long serverPackets,
        boolean handshakeSeen) {

    /**
     * Checks that nothing is missing and that the packet counts add up.
     *
     * @param id the connection's index in its {@link Connections}, 0 or more
     * @param transport TCP or UDP; not null
     * @param client the client's address; not null
     * @param clientPort the client's port, 0..65535
     * @param server the server's address; not null
     * @param serverPort the server's port, 0..65535
     * @param protocol the application protocol recognised, {@link AppProtocol#UNKNOWN} when none was;
     *     not null
     * @param packets the packets in both directions: {@code clientPackets + serverPackets}
     * @param clientPackets the packets sent by the client, 0 or more
     * @param serverPackets the packets sent by the server, 0 or more
     * @param handshakeSeen whether the client's SYN without ACK was seen; false unless {@code transport}
     *     is TCP
     * @throws IllegalArgumentException when the counts do not add up, one is negative, or a UDP
     *     connection claims a handshake
     */
    public Connection {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(protocol, "protocol");
        if (clientPackets < 0 || serverPackets < 0 || packets != clientPackets + serverPackets) {
            throw new IllegalArgumentException("packets " + packets + " are not client packets " + clientPackets
                    + " plus server packets " + serverPackets);
        }
        if (handshakeSeen && transport != Transport.TCP) {
            throw new IllegalArgumentException("a " + transport.label() + " connection has no handshake");
        }
    }

    /** {@return the server's address, the remote host a censor would block; the same as {@link #server()}} */
    public IpAddress host() {
        return server;
    }
}
