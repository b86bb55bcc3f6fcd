package sglp.llm;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * The LLaMA forward pass written out in plain Java with double loops, independently of {@link LlamaModel}: the
 * reference its tests compare against. Rotary pairs are (j, j + d/2); query head h reads key/value head
 * h / (heads / kvHeads); the Llama-3 frequency rule is written in the masked form of Hugging Face's
 * {@code _compute_llama3_parameters}; linear scaling divides every frequency by its factor, dynamic keeps them. A
 * projection adds its bias when the model has one ({@code ...q_proj.bias}: Qwen2's q/k/v, LLaMA's
 * {@code attention_bias} and {@code mlp_bias}).
 */
final class ReferenceLlama {
    private final LlamaConfig c;
    private final Function<String, float[]> w;
    /** Hidden states after each layer of the last call, by layer index. */
    final Map<Integer, double[][]> layerOutputs = new HashMap<>();

    ReferenceLlama(LlamaModel model) {
        this.c = model.config();
        Map<String, float[]> all = new HashMap<>();
        model.parameters().keySet().forEach(k -> all.put(k, model.tensor(k).toFloats()));
        this.w = all::get;
    }

    /**
     * A reference that asks for each weight when it needs it and keeps none: for checkpoints too large to hold
     * twice, such as the 8B-shaped one.
     *
     * @param c the configuration
     * @param weights each key's values in row-major order, or null for a key the model does not have
     */
    ReferenceLlama(LlamaConfig c, Function<String, float[]> weights) {
        this.c = c;
        this.w = weights;
    }

    static double[] inverseFrequencies(LlamaConfig c) {
        int half = c.headDim() / 2;
        double[] out = new double[half];
        for (int j = 0; j < half; j++) {
            double f = Math.pow(c.ropeTheta(), -(2.0 * j) / c.headDim());
            LlamaConfig.RopeScaling s = c.ropeScaling();
            if (s != null && s.type() == LlamaConfig.RopeScaling.Type.LINEAR) {
                f /= s.factor();
            } else if (s != null && s.type() == LlamaConfig.RopeScaling.Type.LLAMA3) {
                double old = s.originalMaxPositionEmbeddings();
                double lowWavelen = old / s.lowFreqFactor();
                double highWavelen = old / s.highFreqFactor();
                double wavelen = 2 * Math.PI / f;
                double llama = wavelen > lowWavelen ? f / s.factor() : f;
                double smooth = (old / wavelen - s.lowFreqFactor()) / (s.highFreqFactor() - s.lowFreqFactor());
                double smoothed = (1 - smooth) * llama / s.factor() + smooth * llama;
                boolean medium = !(wavelen < highWavelen) && !(wavelen > lowWavelen);
                f = medium ? smoothed : llama;
            }
            out[j] = f;
        }
        return out;
    }

    double[][] logits(long[] ids, Set<Integer> removed) {
        int t = ids.length;
        int h = c.hiddenSize();
        double[][] x = new double[t][h];
        float[] emb = w.apply(LlamaModel.EMBED);
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < h; j++) {
                x[i][j] = emb[(int) (ids[i] * h + j)];
            }
        }
        emb = null;
        for (int l = 0; l < c.numLayers(); l++) {
            if (removed.contains(l)) {
                continue;
            }
            double[][] a = attention(l, rms(x, LlamaModel.key(l, "input_layernorm")));
            add(x, a);
            double[][] n = rms(x, LlamaModel.key(l, "post_attention_layernorm"));
            double[][] g = mat(n, LlamaModel.key(l, "mlp.gate_proj"));
            double[][] u = mat(n, LlamaModel.key(l, "mlp.up_proj"));
            for (int i = 0; i < t; i++) {
                for (int j = 0; j < g[i].length; j++) {
                    g[i][j] = g[i][j] / (1 + Math.exp(-g[i][j])) * u[i][j];
                }
            }
            add(x, mat(g, LlamaModel.key(l, "mlp.down_proj")));
            double[][] copy = new double[t][];
            for (int i = 0; i < t; i++) {
                copy[i] = x[i].clone();
            }
            layerOutputs.put(l, copy);
        }
        return mat(rms(x, LlamaModel.NORM), c.tieWordEmbeddings() ? LlamaModel.EMBED : LlamaModel.LM_HEAD);
    }

    private double[][] attention(int l, double[][] x) {
        int t = x.length;
        int d = c.headDim();
        int rep = c.numHeads() / c.numKvHeads();
        double[][] q = rope(mat(x, LlamaModel.key(l, "self_attn.q_proj")));
        double[][] k = rope(mat(x, LlamaModel.key(l, "self_attn.k_proj")));
        double[][] v = mat(x, LlamaModel.key(l, "self_attn.v_proj"));
        double[][] out = new double[t][c.numHeads() * d];
        for (int head = 0; head < c.numHeads(); head++) {
            int kv = head / rep;
            for (int i = 0; i < t; i++) {
                double[] p = new double[i + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int s = 0; s <= i; s++) {
                    for (int e = 0; e < d; e++) {
                        p[s] += q[i][head * d + e] * k[s][kv * d + e];
                    }
                    p[s] /= Math.sqrt(d);
                    max = Math.max(max, p[s]);
                }
                double z = 0;
                for (int s = 0; s <= i; s++) {
                    p[s] = Math.exp(p[s] - max);
                    z += p[s];
                }
                for (int s = 0; s <= i; s++) {
                    for (int e = 0; e < d; e++) {
                        out[i][head * d + e] += p[s] / z * v[s][kv * d + e];
                    }
                }
            }
        }
        return mat(out, LlamaModel.key(l, "self_attn.o_proj"));
    }

    /** Rotates the pairs (j, j + d/2) of every head of every position by position * f[j]. */
    private double[][] rope(double[][] x) {
        double[] f = inverseFrequencies(c);
        int d = c.headDim();
        for (int pos = 0; pos < x.length; pos++) {
            for (int base = 0; base < x[pos].length; base += d) {
                for (int j = 0; j < d / 2; j++) {
                    double cos = Math.cos(pos * f[j]);
                    double sin = Math.sin(pos * f[j]);
                    double a = x[pos][base + j];
                    double b = x[pos][base + j + d / 2];
                    x[pos][base + j] = a * cos - b * sin;
                    x[pos][base + j + d / 2] = b * cos + a * sin;
                }
            }
        }
        return x;
    }

    double[][] rms(double[][] x, String key) {
        float[] g = w.apply(key);
        double[][] out = new double[x.length][x[0].length];
        for (int i = 0; i < x.length; i++) {
            double ms = 0;
            for (double v : x[i]) {
                ms += v * v / x[i].length;
            }
            for (int j = 0; j < x[i].length; j++) {
                out[i][j] = x[i][j] / Math.sqrt(ms + c.rmsNormEps()) * g[j];
            }
        }
        return out;
    }

    /**
     * x W^T (+ b, when the model has a bias under the same module) for a weight stored out x in. Each row of W is
     * read once for all tokens (the weights stream from memory once, as they must for the 8B-shaped head), rows in
     * parallel; each dot product sums in double precision over four partial sums.
     */
    private double[][] mat(double[][] x, String key) {
        float[] m = w.apply(key);
        float[] bias = w.apply(key.replace(".weight", ".bias"));
        int in = x[0].length;
        int outDim = m.length / in;
        double[][] y = new double[x.length][outDim];
        IntStream.range(0, outDim).parallel().forEach(o -> {
            int row = o * in;
            for (int i = 0; i < x.length; i++) {
                double[] xi = x[i];
                double s0 = bias == null ? 0 : bias[o];
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int j = 0;
                for (; j + 3 < in; j += 4) {
                    s0 += m[row + j] * xi[j];
                    s1 += m[row + j + 1] * xi[j + 1];
                    s2 += m[row + j + 2] * xi[j + 2];
                    s3 += m[row + j + 3] * xi[j + 3];
                }
                for (; j < in; j++) {
                    s0 += m[row + j] * xi[j];
                }
                y[i][o] = s0 + s1 + s2 + s3;
            }
        });
        return y;
    }

    private static void add(double[][] x, double[][] y) {
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] += y[i][j];
            }
        }
    }
}
