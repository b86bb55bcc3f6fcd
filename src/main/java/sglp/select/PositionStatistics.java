package sglp.select;

import ai.djl.ndarray.NDArray;

/**
 * Means over calibration positions of how alike a layer's input and output are, for ShortGPT's block influence and
 * the angular distance of Gromov et al. (METHOD.md section 5). A position is one row of the positions x features
 * matrices of {@link SelectionTarget#visitStates}; where both vectors are zero they are the same vector (cosine 1),
 * where one is zero the cosine is 0.
 */
final class PositionStatistics {

    private PositionStatistics() {
    }

    /**
     * For each block of {@code n} consecutive layers starting at {@code l}, the mean over positions of
     * {@code f(cos(x_in of layer l, x_out of layer l + n - 1))}; blocks that cross a fixed unit
     * ({@link SelectionTarget#feedsNext} false inside them) or whose input and output differ in width get NaN.
     *
     * @param target the model and its calibration data
     * @param n the block length, 1 to L
     * @param angular true for {@code arccos(cos) / pi}, false for {@code 1 - cos}
     * @return one mean per start {@code 0..L-n}
     */
    static double[] blockMeans(SelectionTarget target, int n, boolean angular) {
        int starts = target.layers().size() - n + 1;
        double[] sum = new double[starts];
        long[] positions = new long[starts];
        boolean[] comparable = new boolean[starts];
        for (int l = 0; l < starts; l++) {
            comparable[l] = true;
            for (int i = l; i < l + n - 1; i++) {
                comparable[l] &= target.feedsNext(i);
            }
        }
        target.visitStates((inputs, outputs) -> {
            for (int l = 0; l < starts; l++) {
                NDArray in = inputs.get(l);
                NDArray out = outputs.get(l + n - 1);
                if (!comparable[l] || !in.getShape().equals(out.getShape())) {
                    comparable[l] = false;
                    continue;
                }
                double[] cos = cosines(in, out);
                for (double c : cos) {
                    sum[l] += angular ? Math.acos(Math.max(-1, Math.min(1, c))) / Math.PI : 1 - c;
                }
                positions[l] += cos.length;
            }
        });
        double[] mean = new double[starts];
        for (int l = 0; l < starts; l++) {
            mean[l] = comparable[l] && positions[l] > 0 ? sum[l] / positions[l] : Double.NaN;
        }
        return mean;
    }

    /** The cosine between matching rows of two positions x features matrices, in float64. */
    private static double[] cosines(NDArray a, NDArray b) {
        double[] dot = a.mul(b).sum(new int[] {1}).toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                .toDoubleArray();
        double[] na = a.square().sum(new int[] {1}).toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                .toDoubleArray();
        double[] nb = b.square().sum(new int[] {1}).toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                .toDoubleArray();
        double[] cos = new double[dot.length];
        for (int i = 0; i < cos.length; i++) {
            boolean zeroA = na[i] == 0;
            boolean zeroB = nb[i] == 0;
            cos[i] = zeroA && zeroB ? 1 : zeroA || zeroB ? 0 : dot[i] / Math.sqrt(na[i] * nb[i]);
        }
        return cos;
    }
}
