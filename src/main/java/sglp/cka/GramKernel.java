package sglp.cka;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * The engine's share of linear CKA: centring the columns of an activation and the products that give its Gram matrix
 * K = X<sub>c</sub> X<sub>c</sub><sup>T</sup> (n x n) or a cross-covariance X<sub>c</sub><sup>T</sup>
 * Y<sub>c</sub> (p x q), at the speed of the engine's matrix product.
 *
 * <p><b>Precision.</b> A float32 activation is centred in float32 by the corrected two-pass algorithm (subtract the
 * column mean, then the mean of what is left; Chan, Golub and LeVeque 1983): for data close to their mean the first
 * difference is exact (Sterbenz), so the result is centred to within a few units of float32 rounding of the centred
 * values themselves, however large the mean (a naive float32 Gram of uncentred data loses everything to
 * cancellation when the mean is large). The products are float32 matrix products (sgemm) over blocks of
 * {@link #BLOCK} terms of the inner axis, added in float64. With u = 2<sup>-24</sup> and b the block length, each
 * entry obeys the standard bound of a float32 dot product (Higham, <i>Accuracy and Stability of Numerical
 * Algorithms</i>, 2nd ed., eq. 3.5) per block plus the float32 rounding of the centred inputs:
 * <pre>
 * |K^_ij - K_ij| &le; (b + 2) u &Sigma;<sub>k</sub> |x<sub>ik</sub>| |x<sub>jk</sub>| + O(u<sup>2</sup>)
 *                &le; (b + 2) u sqrt(K_ii K_jj)      (Cauchy-Schwarz)
 * </pre>
 * where x are the centred values and the sum runs over the whole inner axis: the float64 sum of the blocks adds
 * only float64 rounding, so the bound grows with b, not with the length of the inner axis (p features for a Gram, n
 * samples for a cross-covariance), as a single float32 product's (p + 2) u would. The bound is the worst case;
 * rounding errors of random sign give about sqrt(b) u in practice. At b = 4096 that is at most 2.4e-4 sqrt(K_ii
 * K_jj) and about 4e-6 sqrt(K_ii K_jj) in practice; CKA, a ratio of sums of n<sup>2</sup> products of such entries,
 * agrees with float64 products to about 1e-8 (the benchmark's 24 x 1,024 x 8,192 file: 4e-9). Smaller blocks tighten
 * the bound but each costs one float64 pass over the n x n result (b = 2048 made the Gram about 25% slower on the
 * 2-core machine). A float64 activation is centred and multiplied in float64 (no float32 rounding at all).
 */
final class GramKernel {

    /** The block length b of the inner axis: float32 partial products of at most this many terms. */
    static final int BLOCK = 4096;

    /**
     * The fewest rows of a row block: from twice this many samples on, a Gram is computed as the blocks on and above
     * its diagonal of up to {@link #ROW_BLOCKS} row blocks, the rest being transposes of blocks already computed;
     * smaller Grams in one product.
     */
    static final int SPLIT = 256;

    /**
     * The most row blocks of a Gram: m blocks compute (m + 1) / 2m of the whole product (5/8 at m = 4, against 3/4 at
     * m = 2: the benchmark's {@code sglp cka} on 24 layers of 1,024 x 8,192 went from 3.94 to 3.7 s on 2 cores); m = 8
     * (9/16) was no faster there, its products being thinner.
     */
    static final int ROW_BLOCKS = 4;

    private GramKernel() {
    }

    /**
     * The activation with centred columns, in the type the products run in: float64 for a float64 activation, float32
     * for every other (float16, bfloat16 and integer activations are converted).
     *
     * @param x n samples x p features
     * @return X - 1 mean(X), n x p, a new array in {@code x}'s manager
     */
    static NDArray centred(NDArray x) {
        return centred(x, false);
    }

    /**
     * {@link #centred(NDArray)}, optionally in place: with {@code overwrite}, a float32 or float64 activation is
     * itself centred and returned, which spares a new n x p array per layer (its pages cost more than the
     * subtraction: 0.25 s over the benchmark's 24 layers of 1,024 x 8,192). An activation with a NaN or an infinity
     * (its column means show it) is left as it was, so that the caller can still say where the value is.
     *
     * @param x n samples x p features
     * @param overwrite whether {@code x} may be overwritten
     * @return X - 1 mean(X), n x p: {@code x} itself when overwritten
     */
    static NDArray centred(NDArray x, boolean overwrite) {
        boolean exact = x.getDataType() == DataType.FLOAT64 || x.getDataType() == DataType.FLOAT32;
        NDArray values = exact ? x : x.toType(DataType.FLOAT32, false);
        NDArray mean = values.mean(new int[] {0}, true);
        boolean inPlace = !exact || overwrite && mean.isNaN().logicalOr(mean.isInfinite()).none().getBoolean();
        NDArray once = inPlace ? values.subi(mean) : values.sub(mean);
        return once.subi(once.mean(new int[] {0}, true));
    }

    /**
     * The Gram matrix of centred rows, X<sub>c</sub> X<sub>c</sub><sup>T</sup>, in float64.
     *
     * @param centred n x p, from {@link #centred}
     * @param block the block length of the feature axis ({@link #BLOCK} outside tests)
     * @return n x n float64
     */
    static NDArray gram(NDArray centred, int block) {
        long n = centred.getShape().get(0);
        long p = centred.getShape().get(1);
        DataType type = centred.getDataType();
        int m = (int) Math.max(1, Math.min(ROW_BLOCKS, n / SPLIT));
        // K is symmetric: row block i from its diagonal block rightwards, U_i = K[s_i:e_i, s_i:], holds it all (one
        // block, the whole product, below 2 SPLIT samples)
        long[] start = new long[m + 1];
        for (int i = 0; i <= m; i++) {
            start[i] = n * i / m;
        }
        NDArray[] upper = new NDArray[m];
        NDArray k = null;
        for (int i = 0; i < m; i++) {
            long s = start[i];
            long e = start[i + 1];
            upper[i] = blockSum(p, block, type, (from, to) -> {
                NDArray part = centred.get(new NDIndex("{}:, {}:{}", s, from, to));
                return part.get(new NDIndex("0:{}", e - s)).matMul(part.transpose());
            });
            NDArray row = upper[i];
            for (int j = i - 1; j >= 0; j--) {  // K[s_i:e_i, s_j:e_j] = U_j[:, s_i - s_j : e_i - s_j]^T
                row = upper[j].get(new NDIndex(":, {}:{}", s - start[j], e - start[j])).transpose().concat(row, 1);
            }
            k = k == null ? row : k.concat(row, 0);
        }
        return k;
    }

    /**
     * The cross-covariance of two centred activations of the same samples, X<sub>c</sub><sup>T</sup>
     * Y<sub>c</sub>, in float64; ||X<sub>c</sub><sup>T</sup> Y<sub>c</sub>||<sub>F</sub><sup>2</sup> =
     * &lt;K, L&gt;<sub>F</sub> is the feature form of the HSIC numerator (METHOD.md section 1).
     *
     * @param x n x p, from {@link #centred}
     * @param y n x q, from {@link #centred}, same type as {@code x}
     * @param block the block length of the sample axis ({@link #BLOCK} outside tests)
     * @return p x q float64
     */
    static NDArray cross(NDArray x, NDArray y, int block) {
        long n = x.getShape().get(0);
        return blockSum(n, block, x.getDataType(), (from, to) -> {
            NDIndex rows = new NDIndex("{}:{}", from, to);
            return x.get(rows).transpose().matMul(y.get(rows));
        });
    }

    /** The float64 sum over blocks [from, to) of an axis of {@code length} of the products that {@code part} makes. */
    private static NDArray blockSum(long length, int block, DataType type, BlockProduct part) {
        int step = type == DataType.FLOAT64 ? Integer.MAX_VALUE : block;
        NDArray sum = null;
        for (long from = 0; from < length; from += step) {
            NDArray product = part.apply(from, Math.min(length, from + step));
            NDArray wide = product.toType(DataType.FLOAT64, false);  // then a same-type add: faster than a mixed one
            sum = sum == null ? wide : sum.addi(wide);
        }
        return sum;
    }

    /** One block's product. */
    @FunctionalInterface
    private interface BlockProduct {
        NDArray apply(long from, long to);
    }
}
