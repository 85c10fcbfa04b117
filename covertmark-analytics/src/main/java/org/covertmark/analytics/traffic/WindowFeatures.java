package org.covertmark.analytics.traffic;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apiguardian.api.API;
import org.covertmark.api.net.IpAddress;

/**
 * The statistics of one window of packets: named feature values in a fixed order, with the remote
 * and client addresses seen in the window (the original's three-tuple). A value is NaN where the
 * window does not define it (no upstream payload for an entropy, fewer than two frames for an
 * interval, no downstream packet for the up/down ratio).
 */
@API(status = MAINTAINED, since = "0.1")
public final class WindowFeatures {

    private final List<String> names;
    private final double[] values;
    private final Set<IpAddress> remotes;
    private final Set<IpAddress> clients;

    WindowFeatures(List<String> names, double[] values, Set<IpAddress> remotes, Set<IpAddress> clients) {
        this.names = names;
        this.values = values;
        this.remotes = Collections.unmodifiableSet(remotes);
        this.clients = Collections.unmodifiableSet(clients);
    }

    /** The feature names, in column order. */
    public List<String> names() {
        return names;
    }

    /** A copy of the values, in the order of {@link #names()}. */
    public double[] values() {
        return values.clone();
    }

    /** The value of feature {@code name}. */
    public double get(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no feature '" + name + "' among " + names);
        }
        return values[i];
    }

    /** The value at column {@code index}. */
    public double get(int index) {
        return values[index];
    }

    /** Whether any value is NaN (such windows are dropped before classification). */
    public boolean hasMissing() {
        for (double v : values) {
            if (Double.isNaN(v)) {
                return true;
            }
        }
        return false;
    }

    /** The features as an ordered map. */
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(names.get(i), values[i]);
        }
        return Collections.unmodifiableMap(m);
    }

    /** The remote addresses seen in the window. */
    public Set<IpAddress> remotes() {
        return remotes;
    }

    /** The client addresses seen in the window. */
    public Set<IpAddress> clients() {
        return clients;
    }

    @Override
    public String toString() {
        return asMap() + " remotes=" + remotes + " clients=" + clients;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowFeatures w && w.names.equals(names) && Arrays.equals(w.values, values)
                && w.remotes.equals(remotes) && w.clients.equals(clients);
    }

    @Override
    public int hashCode() {
        return names.hashCode() * 31 + Arrays.hashCode(values);
    }
}
