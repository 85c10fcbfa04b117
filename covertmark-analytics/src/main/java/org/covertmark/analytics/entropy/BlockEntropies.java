package org.covertmark.analytics.entropy;

import static org.apiguardian.api.API.Status.MAINTAINED;

import java.util.Objects;
import org.apiguardian.api.API;
import org.covertmark.api.packet.ByteView;

/**
 * The Shannon entropies ({@link ByteEntropy}) of consecutive, non-overlapping blocks of a payload: block i covers
 * bytes [i·b, (i+1)·b) for block size b, and a remainder shorter than b is dropped, as the original CovertMark's
 * entropy distribution tests do. Results go into a caller-supplied array, so repeated calls need not allocate.
 */
@API(status = MAINTAINED, since = "0.1")
public final class BlockEntropies {

    private static final int CHUNK = 4096;
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[CHUNK]);

    private BlockEntropies() {
    }

    /** The number of whole blocks of {@code blockSize} bytes in {@code length} bytes. */
    public static int count(int length, int blockSize) {
        requireBlockSize(blockSize);
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        return length / blockSize;
    }

    /**
     * Writes the entropies of the whole blocks of the payload into {@code out[0 .. count)} and returns the count.
     *
     * @throws IllegalArgumentException if the block size is not positive or {@code out} is too short
     */
    public static int compute(ByteView payload, int blockSize, double[] out) {
        int blocks = count(payload.length(), blockSize);
        requireRoom(out, blocks);
        byte[] buffer = BUFFER.get();
        int perChunk = Math.max(1, CHUNK / blockSize);
        if (blockSize > CHUNK) {
            for (int i = 0; i < blocks; i++) {
                out[i] = ByteEntropy.of(payload, i * blockSize, blockSize);
            }
            return blocks;
        }
        for (int first = 0; first < blocks; first += perChunk) {
            int n = Math.min(perChunk, blocks - first);
            payload.copyTo(first * blockSize, buffer, 0, n * blockSize);
            ByteEntropy.ofBlocks(buffer, 0, n, blockSize, out, first);
        }
        return blocks;
    }

    /**
     * Writes the entropies of the whole blocks of {@code length} bytes of {@code bytes} from {@code from} into
     * {@code out[0 .. count)} and returns the count.
     *
     * @throws IllegalArgumentException if the block size is not positive or {@code out} is too short
     */
    public static int compute(byte[] bytes, int from, int length, int blockSize, double[] out) {
        Objects.checkFromIndexSize(from, length, bytes.length);
        int blocks = count(length, blockSize);
        requireRoom(out, blocks);
        ByteEntropy.ofBlocks(bytes, from, blocks, blockSize, out, 0);
        return blocks;
    }

    /** The entropies of the whole blocks of the payload, in a new array. */
    public static double[] compute(ByteView payload, int blockSize) {
        double[] out = new double[count(payload.length(), blockSize)];
        compute(payload, blockSize, out);
        return out;
    }

    private static void requireBlockSize(int blockSize) {
        if (blockSize <= 0) {
            throw new IllegalArgumentException("block size must be positive, got " + blockSize);
        }
    }

    private static void requireRoom(double[] out, int blocks) {
        if (out.length < blocks) {
            throw new IllegalArgumentException("output holds " + out.length + " values, " + blocks + " blocks need room");
        }
    }
}
