/**
 * The packet model: one captured IPv4 or IPv6 packet as an immutable view over its bytes, decoded
 * on demand. {@link org.covertmark.api.packet.Packet#parse} checks the IP header (and any IPv6
 * extension headers) and throws {@link org.covertmark.api.packet.MalformedPacketException} for bytes
 * that are not a packet; the TCP or UDP header, the payload, the whole TLS records at the start of a
 * TCP payload and the start of an HTTP request are read from the bytes only when asked for.
 * {@link org.covertmark.api.packet.ByteView} lets all of this work over memory-mapped captures
 * without copying, and {@link org.covertmark.api.packet.Timestamp} keeps capture times exact.
 */
package org.covertmark.api.packet;
