package org.covertmark.api.packet;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * The header of one TLS record found in a TCP payload.
 *
 * @param contentType 20 change_cipher_spec, 21 alert, 22 handshake, 23 application_data, 24
 *     heartbeat
 * @param version the record-layer version, e.g. {@code 0x0303}
 * @param length the record length announced by the header (the body may continue in later
 *     segments)
 */
@API(status = STABLE, since = "0.1")
public record TlsRecord(int contentType, int version, int length) {

    /** The TLS record content type of a handshake message. */
    public static final int HANDSHAKE = 22;
    /** The TLS record content type of application data. */
    public static final int APPLICATION_DATA = 23;
}
