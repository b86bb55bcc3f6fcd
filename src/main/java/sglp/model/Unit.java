package sglp.model;

/**
 * One unit of a network: a block that runs as a whole in the forward pass and is kept or removed as a whole.
 *
 * <p>A unit is prunable when removing it cannot break shapes: a residual block or VGG convolution whose input and
 * output have the same channels and size (METHOD.md section 0). Every other unit is fixed.
 *
 * @param name the unit's name in the model's own state-dict naming, e.g. {@code layer2.3} or {@code features.17}
 * @param kind what the unit computes
 * @param inChannels channels of the unit's input
 * @param outChannels channels of the unit's output (classes for a head)
 * @param stride the spatial stride of the unit
 * @param inSize height and width of the unit's input (1 for a head's output)
 * @param shortcut how a residual unit whose shape changes joins input and output (ignored by other kinds)
 */
public record Unit(String name, UnitKind kind, int inChannels, int outChannels, int stride, int inSize,
        Shortcut shortcut) {

    /** Hidden width of the CIFAR VGG classifier. */
    static final int MLP_HIDDEN = 512;
    /** Channel expansion of a bottleneck block. */
    static final int EXPANSION = 4;

    /** Checks the fields. */
    public Unit {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("unit name must be non-empty, found '" + name + "'");
        }
        if (inChannels < 1 || outChannels < 1 || stride < 1 || inSize < 1) {
            throw new IllegalArgumentException("unit " + name + ": channels, stride and size must be positive, found in="
                    + inChannels + " out=" + outChannels + " stride=" + stride + " size=" + inSize);
        }
    }

    /** @return whether the unit can be removed without breaking shapes */
    public boolean prunable() {
        boolean shapeKeeping = stride == 1 && inChannels == outChannels;
        return shapeKeeping && (kind == UnitKind.BASIC || kind == UnitKind.BOTTLENECK || kind == UnitKind.CONV);
    }

    /** @return whether a residual unit carries a projection shortcut (1x1 conv + BN) */
    public boolean hasProjection() {
        boolean residual = kind == UnitKind.BASIC || kind == UnitKind.BOTTLENECK;
        boolean reshapes = stride != 1 || inChannels != outChannels;
        return residual && reshapes && (shortcut == Shortcut.B || kind == UnitKind.BOTTLENECK);
    }

    /** @return height and width of the unit's output */
    public int outSize() {
        return outSize(inSize);
    }

    /**
     * The output side of the unit for an input of another side (a network of convolutions and global pooling runs on
     * other sizes than the one it was built for).
     *
     * @param size the input's height or width
     * @return the output's, 0 when a pool gets a 1-pixel side
     */
    int outSize(int size) {
        return switch (kind) {
            case IMAGENET_STEM -> halve(halve(size));
            case POOL -> size / 2;
            case LINEAR_HEAD, MLP_HEAD -> 1;
            default -> (size - 1) / stride + 1;
        };
    }

    /** @return the bottleneck's inner width (bottleneck units only) */
    public int midChannels() {
        return outChannels / EXPANSION;
    }

    /** @return the number of trainable parameters, as PyTorch counts them */
    public long params() {
        long in = inChannels;
        long out = outChannels;
        return switch (kind) {
            case CIFAR_STEM -> conv(in, out, 3) + bn(out);
            case IMAGENET_STEM -> conv(in, out, 7) + bn(out);
            case BASIC -> conv(in, out, 3) + bn(out) + conv(out, out, 3) + bn(out) + projectionParams();
            case BOTTLENECK -> {
                long mid = midChannels();
                yield conv(in, mid, 1) + bn(mid) + conv(mid, mid, 3) + bn(mid) + conv(mid, out, 1) + bn(out)
                        + projectionParams();
            }
            case CONV -> conv(in, out, 3) + out + bn(out);
            case POOL -> 0;
            case LINEAR_HEAD -> in * out + out;
            case MLP_HEAD -> in * MLP_HIDDEN + MLP_HIDDEN + (long) MLP_HIDDEN * MLP_HIDDEN + MLP_HIDDEN
                    + (long) MLP_HIDDEN * out + out;
        };
    }

    /**
     * Multiply-accumulates of the unit's convolution and linear layers on one input, the convention of thop that the
     * papers' tables use (BatchNorm, ReLU, pooling, additions and biases are not counted).
     *
     * @return the MACs of one forward pass of one sample
     */
    public long macs() {
        long in = inChannels;
        long out = outChannels;
        long size = inSize;
        return switch (kind) {
            case CIFAR_STEM -> convMacs(in, out, 3, size);
            case IMAGENET_STEM -> convMacs(in, out, 7, halve(inSize));
            case BASIC -> {
                long s = outSize();
                yield convMacs(in, out, 3, s) + convMacs(out, out, 3, s) + (hasProjection() ? convMacs(in, out, 1, s) : 0);
            }
            case BOTTLENECK -> {
                long mid = midChannels();
                long s = outSize();
                yield convMacs(in, mid, 1, size) + convMacs(mid, mid, 3, s) + convMacs(mid, out, 1, s)
                        + (hasProjection() ? convMacs(in, out, 1, s) : 0);
            }
            case CONV -> convMacs(in, out, 3, size);
            case POOL -> 0;
            case LINEAR_HEAD -> in * out;
            case MLP_HEAD -> in * MLP_HIDDEN + (long) MLP_HIDDEN * MLP_HIDDEN + (long) MLP_HIDDEN * out;
        };
    }

    /** Output size of a stride-2 convolution or pool padded to keep "same" geometry: ceil(size / 2). */
    private static int halve(int size) {
        return (size - 1) / 2 + 1;
    }

    private long projectionParams() {
        return hasProjection() ? conv(inChannels, outChannels, 1) + bn(outChannels) : 0;
    }

    private static long conv(long in, long out, int k) {
        return in * out * k * k;
    }

    private static long bn(long channels) {
        return 2 * channels;
    }

    private static long convMacs(long in, long out, int k, long outSize) {
        return outSize * outSize * out * in * k * k;
    }
}
