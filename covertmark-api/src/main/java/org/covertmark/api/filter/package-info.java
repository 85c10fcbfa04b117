/**
 * Choosing packets. An {@link org.covertmark.api.filter.InputFilter} is the list of source,
 * destination and either-way address rules a capture is read with when a trace is stored, with the
 * matching rules of the original system; a {@link org.covertmark.api.filter.PacketFilter} is a
 * composable expression (protocol, payload, TLS, HTTP, addresses, ports, and, or, not) with which a
 * strategy selects the stored packets it examines. Filters are data, so a trace store may evaluate
 * them itself, and their {@code test} methods give the reference meaning every store must match.
 */
package org.covertmark.api.filter;
