/**
 * Connections, not only segments: the TCP and UDP connections of a trace, which endpoint is the
 * client, and the application protocol a censor recognises from the first payload bytes of each
 * direction. A 16 KB TLS record spans a dozen segments of which only the first begins with a record
 * header; judged by its connection, every segment of an HTTPS stream is TLS.
 * {@link org.covertmark.api.flow.Connections} indexes a list of packets;
 * {@link org.covertmark.api.flow.ProtocolRecognition} holds the recognition rules.
 */
package org.covertmark.api.flow;
