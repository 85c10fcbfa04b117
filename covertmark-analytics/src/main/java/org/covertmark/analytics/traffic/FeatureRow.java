package org.covertmark.analytics.traffic;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The features of one window of one conversation.
 *
 * @param conversation the client and remote host
 * @param segment the index of the time window the packets fell in (0 for the first)
 * @param window the index of the packet window within the conversation in that time window
 * @param features the window statistics
 */
@API(status = MAINTAINED, since = "0.1")
public record FeatureRow(Conversation conversation, long segment, int window, WindowFeatures features) {

    /** Checks for nulls. */
    public FeatureRow {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(features, "features");
    }
}
