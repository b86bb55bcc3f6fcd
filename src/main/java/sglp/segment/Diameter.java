package sglp.segment;

/**
 * What a segment's diameter measures: the spread of the layers in it (METHOD.md section 2, eq. 16-17).
 *
 * <p>Both are the sum of squared distances of the segment's points to their mean; they differ in the points.
 */
public enum Diameter {

    /** The paper's default: each layer is the scalar x<sub>t</sub> = sum<sub>j</sub> S[t, j] (eq. 12). */
    ROW_SUM("row sums"),

    /** Each layer is its row S[t, :] as a vector in R<sup>L</sup>, which keeps more of the matrix. */
    ROWS("rows");

    private final String label;

    Diameter(String label) {
        this.label = label;
    }

    /** @return a short description for titles, e.g. {@code "row sums"} */
    public String label() {
        return label;
    }

    /**
     * The points whose spread this diameter measures.
     *
     * @param s an L x L matrix
     * @return L points, one per layer, as rows
     */
    double[][] points(double[][] s) {
        double[][] points = new double[s.length][];
        for (int t = 0; t < s.length; t++) {
            if (this == ROWS) {
                points[t] = s[t].clone();
            } else {
                double sum = 0;
                for (double v : s[t]) {
                    sum += v;
                }
                points[t] = new double[] {sum};
            }
        }
        return points;
    }
}
