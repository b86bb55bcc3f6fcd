package sglp.score;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.Loss;
import java.util.List;
import java.util.Set;
import sglp.model.ForwardMode;
import sglp.model.Inputs;
import sglp.model.Network;

/**
 * The GradNorm score of a candidate network (METHOD.md section 3, paper eq. 23-25): the L2 norm of the gradient of
 * the mean softmax cross-entropy on one training batch, BatchNorm in training mode (batch statistics).
 *
 * <p>The pass is deterministic (METHOD.md section 6): it runs in {@link ForwardMode#SCORING}, where dropout (VGG's
 * classifier) is off, so the same network and batch always give the same score.
 *
 * <p>The candidate is a network with some prunable layers bypassed ({@link Network#forward(NDArray, boolean, Set,
 * sglp.model.ActivationTap)}), which computes exactly what the physically pruned network computes; the bypassed layers'
 * parameters are not part of the candidate and are neither read nor counted. The gradients of the candidate's
 * parameters are zeroed before the backward pass, so that a score never carries gradients of an earlier one.
 */
public final class GradNorm {

    /** Which norm of the gradient is the score. */
    public enum Variant {
        /** The paper's score: the global L2 norm over all trainable parameters, {@code sqrt(sum ||g_p||^2)}. */
        GLOBAL_L2,
        /**
         * The zero-cost-NAS variant: the sum over convolution and linear weights (the 4-D and 2-D parameters; not
         * BatchNorm, not biases) of each one's {@code ||g_W||_2}.
         */
        PER_LAYER_SUM
    }

    private GradNorm() {
    }

    /**
     * Scores a candidate: one forward and backward pass of {@code net} with some layers bypassed.
     *
     * <p>This runs BatchNorm in training mode on {@code net} itself, which moves its running statistics and leaves
     * gradients in its parameters: score a copy to keep a network as it is ({@link GradNormSearch} does). Native
     * memory of the pass is released before returning.
     *
     * @param net the network
     * @param x a training batch, N x C x H x W, at least 2 samples (BatchNorm uses the batch's statistics)
     * @param y its class labels, N (converted to int64)
     * @param removedLayerNames prunable layers to bypass
     * @param variant which norm
     * @return the score, accumulated in double
     * @throws IllegalArgumentException if the batch is not one the network can score ({@link Inputs#checkBatch}:
     *     fewer than 2 samples, other channels or size, NaN or infinite pixels, labels outside the classes), the
     *     labels do not match the batch, or a name is not a prunable layer
     */
    public static double score(Network net, NDArray x, NDArray y, Set<String> removedLayerNames, Variant variant) {
        checkBatch(net, x, y);
        return scoreChecked(net, x, y, removedLayerNames, variant);
    }

    /**
     * Checks a batch for {@link #score}: the labels' shape, then {@link Inputs#checkBatch} in
     * {@link ForwardMode#SCORING}.
     */
    static void checkBatch(Network net, NDArray x, NDArray y) {
        long n = x.getShape().dimension() > 0 ? x.getShape().get(0) : 0;
        if (y.getShape().dimension() != 1 || y.getShape().get(0) != n) {
            throw new IllegalArgumentException("labels: expected shape (" + n + ") for a batch of " + n
                    + " images, found " + y.getShape());
        }
        Inputs.checkBatch(net.architecture(), x, y, ForwardMode.SCORING);
    }

    /**
     * {@link #score} of a batch that {@link #checkBatch} accepted. The batch is used in place (through views owned by
     * the pass's scope) when it is already float32 images and int64 labels on the network's device, as
     * {@link GradNormSearch} hands it over; otherwise it is converted for this pass.
     */
    static double scoreChecked(Network net, NDArray x, NDArray y, Set<String> removedLayerNames, Variant variant) {
        List<Parameter> parameters = candidateParameters(net, removedLayerNames);
        try (NDManager scope = net.manager().newSubManager()) {
            NDArray input = inScope(scope, x, DataType.FLOAT32);
            NDArray labels = inScope(scope, y, DataType.INT64);
            Network.zeroGradients(parameters, scope);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = net.forward(input, ForwardMode.SCORING, removedLayerNames, null);
                collector.backward(Loss.softmaxCrossEntropyLoss().evaluate(new NDList(labels), new NDList(logits)));
            }
            return norm(parameters, variant, scope);
        }
    }

    /**
     * The norm of the gradients, reduced on the engine with one transfer: for {@link Variant#GLOBAL_L2} the sum of
     * squares of all gradients concatenated, for {@link Variant#PER_LAYER_SUM} the stacked sums of squares of the conv
     * and linear weights' gradients. The squares are summed in float32 by the engine's cascade summation (error
     * O(u log N), u = 2<sup>-24</sup>: the norm of VGG-16-sized gradients, 15 million values, came out within 3e-9 of
     * float64 sums, which cost 1.7x the time), the per-layer sums are added in float64.
     */
    private static double norm(List<Parameter> parameters, Variant variant, NDManager scope) {
        NDList gradients = new NDList();
        for (Parameter p : parameters) {
            if (variant == Variant.GLOBAL_L2 || isConvOrLinearWeight(p)) {
                gradients.add(gradient(p, scope).reshape(-1));
            }
        }
        if (gradients.isEmpty()) {
            return 0;
        }
        if (variant == Variant.GLOBAL_L2) {
            return Math.sqrt(NDArrays.concat(gradients).square().sum().toType(DataType.FLOAT64, false).getDouble());
        }
        NDList squares = new NDList();
        for (NDArray g : gradients) {
            squares.add(g.square().sum());
        }
        double sum = 0;
        for (double v : NDArrays.stack(squares).toType(DataType.FLOAT64, false).toDoubleArray()) {
            sum += Math.sqrt(v);
        }
        return sum;
    }

    /** The trainable parameters of the units that the candidate keeps. */
    private static List<Parameter> candidateParameters(Network net, Set<String> removed) {
        return net.unitNames().stream()
                .filter(u -> !removed.contains(u))
                .flatMap(u -> net.unitKeys(u).stream())
                .map(net.parameters()::get)
                .filter(Parameter::requiresGradient)
                .toList();
    }

    private static boolean isConvOrLinearWeight(Parameter p) {
        int dims = p.getArray().getShape().dimension();
        return dims == 4 || dims == 2;
    }

    /** A handle on the parameter's gradient, owned by {@code scope} (the handle is new; the storage is shared). */
    private static NDArray gradient(Parameter p, NDManager scope) {
        NDArray g = p.getArray().getGradient();
        g.attach(scope);
        return g;
    }

    /**
     * The array as the pass uses it, owned by {@code scope} so that everything the pass computes from it is too: a view
     * (no copy) when the type and device are right, else a converted copy.
     */
    static NDArray inScope(NDManager scope, NDArray a, DataType type) {
        NDArray owned = a.getDataType() == type && a.getDevice().equals(scope.getDevice()) ? a.reshape(a.getShape())
                : a.toType(type, true).toDevice(scope.getDevice(), false);
        owned.attach(scope);
        return owned;
    }
}
