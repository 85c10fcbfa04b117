package org.covertmark.api.packet;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The header fields of a request, parsed from the packet's bytes when first asked for: most
 * readers of a request want only its method and target. Immutable, like the list {@link
 * List#copyOf} makes.
 */
final class HeaderLines extends AbstractList<HttpRequest.Header> implements RandomAccess {

    private final ByteView bytes;
    private final int from;
    /** Written once; a racing second parse writes an equal list (final fields publish it safely). */
    private List<HttpRequest.Header> parsed;

    HeaderLines(ByteView bytes, int from) {
        this.bytes = bytes;
        this.from = from;
    }

    private List<HttpRequest.Header> parsed() {
        List<HttpRequest.Header> h = parsed;
        if (h == null) {
            h = List.copyOf(ApplicationParsers.headers(bytes, from));
            parsed = h;
        }
        return h;
    }

    @Override
    public HttpRequest.Header get(int index) {
        return parsed().get(index);
    }

    @Override
    public int size() {
        return parsed().size();
    }
}
