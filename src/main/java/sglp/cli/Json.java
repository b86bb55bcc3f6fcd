package sglp.cli;

import java.math.BigDecimal;

/** Numbers for the command line's JSON files: plain decimals, never exponent notation. */
final class Json {

    private Json() {
    }

    /**
     * @param x a finite number
     * @return its shortest round-trip decimal, without an exponent
     */
    static String number(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("cannot write " + x + " as a JSON number");
        }
        return new BigDecimal(Double.toString(x)).toPlainString();
    }
}
