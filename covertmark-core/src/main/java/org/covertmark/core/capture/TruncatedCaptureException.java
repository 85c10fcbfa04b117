package org.covertmark.core.capture;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.nio.file.Path;
import org.apiguardian.api.API;

/**
 * Thrown when a capture ends in the middle of a block or record. Every packet before the cut has
 * been delivered; {@link #packetsRead()} says how many records were read.
 */
@API(status = MAINTAINED, since = "0.1")
public final class TruncatedCaptureException extends CaptureException {

    private static final long serialVersionUID = 1L;

    private final long packetsRead;

    /** A capture cut at byte {@code offset} after {@code packetsRead} complete packet records. */
    public TruncatedCaptureException(Path file, long offset, String what, long packetsRead) {
        super(file, offset, "capture is cut short in the middle of " + what + " after " + packetsRead
                + " complete packet record" + (packetsRead == 1 ? "" : "s"));
        this.packetsRead = packetsRead;
    }

    /** The number of complete packet records read before the cut. */
    public long packetsRead() {
        return packetsRead;
    }
}
