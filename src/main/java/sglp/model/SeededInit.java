package sglp.model;

import ai.djl.nn.Parameter;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Random initial values computed in Java from (seed, parameter key), so that a unit's initial weights depend only on
 * the seed and its own name: the same on every machine and engine, and unchanged when other units are removed.
 *
 * <p>Convolutions: Kaiming normal with fan-out (std = sqrt(2 / (out * k * k))), as torchvision's ResNets. Linear
 * layers and convolution biases: uniform in +-1/sqrt(fan-in), PyTorch's default. BatchNorm: weight 1, bias 0, running
 * mean 0, running variance 1.
 */
final class SeededInit {

    private SeededInit() {
    }

    /**
     * Sets a parameter to its initial value.
     *
     * @param key the parameter's PyTorch key
     * @param parameter the parameter
     * @param seed the seed of the initialization
     * @param weightShape shape of the weight of the layer the parameter belongs to (its own shape for a weight)
     */
    static void apply(String key, Parameter parameter, long seed, long[] weightShape) {
        int n = Math.toIntExact(parameter.getArray().size());
        float[] values = new float[n];
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ key.hashCode());
        switch (parameter.getType()) {
            case GAMMA, RUNNING_VAR -> Arrays.fill(values, 1f);
            case BETA, RUNNING_MEAN -> Arrays.fill(values, 0f);
            default -> {
                boolean convWeight = weightShape.length == 4 && parameter.getType() == Parameter.Type.WEIGHT;
                if (convWeight) {
                    double std = Math.sqrt(2.0 / (weightShape[0] * weightShape[2] * weightShape[3]));
                    for (int i = 0; i < n; i++) {
                        values[i] = (float) (gaussian(rnd) * std);
                    }
                } else {
                    double bound = 1 / Math.sqrt(fanIn(weightShape));
                    for (int i = 0; i < n; i++) {
                        values[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
                    }
                }
            }
        }
        EngineArrays.assign(parameter.getArray(), values);
    }

    private static double fanIn(long[] weightShape) {
        long f = 1;
        for (int i = 1; i < weightShape.length; i++) {
            f *= weightShape[i];
        }
        return f;
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
