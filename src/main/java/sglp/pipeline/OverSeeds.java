package sglp.pipeline;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.DoubleStream;
import tech.tablesaw.api.StringColumn;

/**
 * Numbers over repeated runs of one method with different seeds: the mean, the sample standard deviation, how alike
 * the chosen layer sets are (the mean pairwise Jaccard index), and which method won what. CNN and decoder comparisons
 * report the same four.
 */
final class OverSeeds {

    private OverSeeds() {
    }

    /**
     * @param values one per seed
     * @return their mean, NaN for none
     */
    static double mean(double[] values) {
        return DoubleStream.of(values).average().orElse(Double.NaN);
    }

    /**
     * @param values one per seed
     * @return the sample standard deviation (n - 1 in the denominator): 0 for one value, NaN for none or when any
     *     value is NaN
     */
    static double std(double[] values) {
        double mean = mean(values);
        if (values.length < 2) {
            return Double.isNaN(mean) ? Double.NaN : 0;
        }
        double ss = DoubleStream.of(values).map(v -> (v - mean) * (v - mean)).sum();
        return Math.sqrt(ss / (values.length - 1));
    }

    /**
     * The column that says, in a summary table, what each method won.
     *
     * @param methods the table's methods, in its row order
     * @param winners measure or stage to its winning method
     * @return the column {@code wins}: for each method the measures it won, joined by {@code ", "}; empty if none
     */
    static StringColumn wins(List<String> methods, Map<String, String> winners) {
        return StringColumn.create("wins", methods.stream().map(m -> winners.entrySet().stream()
                .filter(e -> e.getValue().equals(m)).map(Map.Entry::getKey).collect(Collectors.joining(", "))));
    }

    /**
     * How alike sets chosen under different seeds are: the mean Jaccard index |A ∩ B| / |A ∪ B| over all pairs.
     *
     * @param sets one per seed
     * @return the agreement in [0, 1]; 1 for fewer than two sets, and for a pair of empty sets
     */
    static double jaccard(List<? extends Collection<?>> sets) {
        if (sets.size() < 2) {
            return 1;
        }
        double sum = 0;
        int pairs = 0;
        for (int i = 0; i < sets.size(); i++) {
            for (int j = i + 1; j < sets.size(); j++) {
                Set<Object> both = new HashSet<>(sets.get(i));
                both.retainAll(sets.get(j));
                Set<Object> either = new HashSet<>(sets.get(i));
                either.addAll(sets.get(j));
                sum += either.isEmpty() ? 1 : (double) both.size() / either.size();
                pairs++;
            }
        }
        return sum / pairs;
    }
}
