package org.covertmark.api.packet;

import static org.apiguardian.api.API.Status.STABLE;

import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * The start of an HTTP/1.x request found at the beginning of a TCP payload: the request line and
 * the header fields present in the same segment.
 *
 * @param method the request method, e.g. {@code GET}
 * @param uri the request target as written
 * @param version the protocol version, e.g. {@code HTTP/1.1}; cut short or empty when the request
 *     line continues in the next segment
 * @param headers the header fields in order (only those whose line ends within the segment); a
 *     request read from a packet parses them when the list is first read
 */
@API(status = STABLE, since = "0.1")
public record HttpRequest(String method, String uri, String version, List<Header> headers) {

    /**
     * Copies the header list (a request read from a packet keeps its header lines unparsed until asked).
     *
     * @param method the request method, e.g. {@code GET}
     * @param uri the request target as written
     * @param version the protocol version as written, possibly cut short or empty
     * @param headers the header fields in order; copied, so it must not hold null
     */
    public HttpRequest {
        headers = headers instanceof HeaderLines ? headers : List.copyOf(headers);
    }

    /**
     * Whether {@code payload} begins an HTTP request by the rules {@link Packet#httpRequest()} reads a
     * TCP payload with; reads the request line in place and builds no text.
     *
     * @param payload the bytes to judge from their first byte, usually the first payload of a
     *     connection
     * @return whether they begin with a request line of a known method (or as much of one as they
     *     hold, when they end before the line does)
     */
    public static boolean begins(ByteView payload) {
        return ApplicationParsers.isHttpRequest(payload, 0);
    }

    /**
     * The value of the first header named {@code name}, compared without regard to case.
     *
     * @param name the field name, e.g. {@code Host}
     * @return the field's value with surrounding white space removed; empty when the segment holds
     *     no such field
     */
    public Optional<String> header(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).map(Header::value).findFirst();
    }

    /**
     * One header field.
     *
     * @param name the field name as written
     * @param value the field value with surrounding white space removed
     */
    @API(status = STABLE, since = "0.1")
    public record Header(String name, String value) {
    }
}
