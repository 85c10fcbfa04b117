package org.covertmark.core.capture;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * Thrown when a capture file as a whole cannot be read: it is missing, is not a capture, uses a
 * link type that cannot be decoded, or is corrupt. The message is one line naming the file, the
 * byte offset where it applies, and the fault.
 */
@API(status = MAINTAINED, since = "0.1")
public class CaptureException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;
    private final String fault;

    /** A fault at byte {@code offset} of {@code file} (offset -1 when it concerns the whole file). */
    public CaptureException(Path file, long offset, String fault) {
        this(file, offset, fault, null);
    }

    /** A fault with an underlying cause, kept for debug logs. */
    public CaptureException(Path file, long offset, String fault, Throwable cause) {
        super(file + ": " + fault + (offset >= 0 ? " (at byte " + offset + ")" : ""), cause);
        this.file = file;
        this.offset = offset;
        this.fault = fault;
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }

    /** The byte offset where the fault was found, or -1. */
    public long offset() {
        return offset;
    }

    /** The fault alone, without file and offset. */
    public String fault() {
        return fault;
    }
}
