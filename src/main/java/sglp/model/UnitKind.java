package sglp.model;

/** The kinds of unit a network is built from, in the order they appear in forward passes. */
public enum UnitKind {
    /** 3x3 convolution, BatchNorm, ReLU at stride 1 (CIFAR ResNets). */
    CIFAR_STEM,
    /** 7x7 convolution at stride 2, BatchNorm, ReLU, 3x3 max-pool at stride 2 (ImageNet ResNets). */
    IMAGENET_STEM,
    /** Residual basic block: two 3x3 convolutions with BatchNorm, a shortcut, ReLU after the sum. */
    BASIC,
    /** Residual bottleneck block: 1x1, 3x3 (carrying the stride), 1x1 convolutions, expansion 4. */
    BOTTLENECK,
    /** 3x3 convolution with bias, BatchNorm, ReLU (VGG). */
    CONV,
    /** 2x2 max-pool at stride 2. */
    POOL,
    /** Global average pool and one linear layer (ResNets). */
    LINEAR_HEAD,
    /** Flatten and three linear layers with ReLU and dropout between them (CIFAR VGG). */
    MLP_HEAD
}
