package sglp.model;

/** How a residual block whose shape changes joins its input to its output. */
public enum Shortcut {
    /** Parameter-free: subsample by the stride and pad the new channels with zeros (He et al. option A). */
    A,
    /** A 1x1 convolution with the block's stride followed by BatchNorm (option B, torchvision's downsample). */
    B
}
