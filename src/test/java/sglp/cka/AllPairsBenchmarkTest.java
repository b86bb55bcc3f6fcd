package sglp.cka;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * All pairs from one product versus pair by pair, at the size of ResNet-56 (L = 27 layers) and a 256-sample
 * calibration batch. Prints both times and their ratio; asserts only that the results agree.
 */
class AllPairsBenchmarkTest {

    @Test
    void allPairsAgainstPairwiseAtResNet56Size() {
        Random random = new Random(56);
        List<double[][]> grams = new ArrayList<>();
        for (int layer = 0; layer < 27; layer++) {
            grams.add(Kernel.LINEAR.gram(Matrices.gaussian(random, 256, 16), 1));
        }
        for (Estimator estimator : Estimator.values()) {
            double[][] pairwise = Cka.pairwise(grams, estimator);
            double[][] allPairs = Cka.allPairs(grams, estimator);
            for (int i = 0; i < grams.size(); i++) {
                assertArrayEquals(pairwise[i], allPairs[i], 1e-12);
            }
            double pairwiseMs = bestMillis(() -> Cka.pairwise(grams, estimator), 2);
            double allPairsMs = bestMillis(() -> Cka.allPairs(grams, estimator), 3);
            System.out.printf("CKA %s, L=27, n=256: pairwise %.0f ms, all pairs %.0f ms, %.1fx faster%n",
                    estimator.label(), pairwiseMs, allPairsMs, pairwiseMs / allPairsMs);
        }
    }

    private static double bestMillis(Supplier<double[][]> run, int repeats) {
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            run.get();
            best = Math.min(best, (System.nanoTime() - start) / 1e6);
        }
        return best;
    }
}
