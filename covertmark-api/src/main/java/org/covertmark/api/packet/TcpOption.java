package org.covertmark.api.packet;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * One TCP option as it appears in the header.
 *
 * @param kind the option kind (0 end of list, 1 no-op, 2 MSS, 3 window scale, 4 SACK permitted,
 *     5 SACK, 8 timestamps, 30 MPTCP, 34 Fast Open, 254 experimental, …)
 * @param length the length byte (1 for the single-byte kinds 0 and 1)
 * @param value the bytes after kind and length
 */
@API(status = STABLE, since = "0.1")
public record TcpOption(int kind, int length, ByteView value) {
}
