package sglp.llm;

/**
 * Rotary position embedding tables in Hugging Face's {@code rotate_half} convention: head dimension {@code i} and
 * {@code i + d/2} form one rotating pair with inverse frequency {@code theta^(-2i/d)}, optionally rescaled by the
 * configuration's {@link LlamaConfig.RopeScaling}. Computed in double precision.
 */
final class Rope {

    private Rope() {
    }

    /**
     * The inverse frequencies of the {@code headDim / 2} rotating pairs. Linear scaling divides each by
     * {@code factor}; dynamic NTK scaling keeps them (it differs only beyond {@code max_position_embeddings}, which
     * this project never runs, see {@link LlamaConfig.RopeScaling}). With Llama-3 scaling, a frequency whose
     * wavelength {@code 2 pi / f} exceeds {@code original / lowFreqFactor} is divided by {@code factor}, one whose
     * wavelength is below {@code original / highFreqFactor} is kept, and one between is interpolated:
     * {@code (1 - s) f / factor + s f} with {@code s = (original / wavelength - low) / (high - low)}.
     *
     * @param config the configuration
     * @return the inverse frequencies
     */
    static double[] inverseFrequencies(LlamaConfig config) {
        int half = config.headDim() / 2;
        double[] f = new double[half];
        LlamaConfig.RopeScaling s = config.ropeScaling();
        for (int i = 0; i < half; i++) {
            f[i] = 1 / Math.pow(config.ropeTheta(), 2.0 * i / config.headDim());
            if (s == null || s.type() == LlamaConfig.RopeScaling.Type.DYNAMIC) {
                continue;
            }
            if (s.type() == LlamaConfig.RopeScaling.Type.LINEAR) {
                f[i] /= s.factor();
                continue;
            }
            double wavelength = 2 * Math.PI / f[i];
            double original = s.originalMaxPositionEmbeddings();
            if (wavelength > original / s.lowFreqFactor()) {
                f[i] /= s.factor();
            } else if (wavelength >= original / s.highFreqFactor()) {
                double smooth = (original / wavelength - s.lowFreqFactor())
                        / (s.highFreqFactor() - s.lowFreqFactor());
                f[i] = (1 - smooth) * f[i] / s.factor() + smooth * f[i];
            }
        }
        return f;
    }

    /**
     * The cosine and sine tables for positions {@code 0..length-1}, each {@code length x headDim}, row-major, the
     * angle of column {@code j} being {@code position * f[j mod d/2]}.
     *
     * @param config the configuration
     * @param length the number of positions
     * @return {@code {cos, sin}}
     */
    static float[][] tables(LlamaConfig config, int length) {
        double[] f = inverseFrequencies(config);
        int d = config.headDim();
        float[] cos = new float[length * d];
        float[] sin = new float[length * d];
        for (int p = 0; p < length; p++) {
            for (int j = 0; j < d; j++) {
                double angle = p * f[j % f.length];
                cos[p * d + j] = (float) Math.cos(angle);
                sin[p * d + j] = (float) Math.sin(angle);
            }
        }
        return new float[][] {cos, sin};
    }
}
