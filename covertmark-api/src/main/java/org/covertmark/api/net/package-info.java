/**
 * IP addresses and address blocks as plain immutable values. {@link org.covertmark.api.net.IpAddress}
 * parses and prints IPv4 and IPv6 text (RFC 5952 output, never a name lookup) and orders addresses
 * numerically; {@link org.covertmark.api.net.Subnet} is a CIDR block that answers whether it contains
 * an address or another block, treating IPv4-mapped IPv6 addresses as the IPv4 addresses they stand
 * for. Input filters, packet filters and reports use these types to name the hosts a trace is about.
 */
package org.covertmark.api.net;
