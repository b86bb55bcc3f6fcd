package sglp.train;

/** How the learning rate moves over training. */
public enum Schedule {
    /** Cosine decay from the base rate to zero over all steps. */
    COSINE,
    /** Step decay: the base rate divided by 10 at 50% and 75% of the epochs. */
    STEP,
    /** The base rate throughout. */
    CONSTANT;

    /**
     * The learning rate at a step.
     *
     * @param base the base learning rate
     * @param step the step, from 0
     * @param totalSteps the number of steps of the whole training
     * @return the rate
     */
    public double rate(double base, long step, long totalSteps) {
        double progress = totalSteps <= 1 ? 0 : (double) step / totalSteps;
        return switch (this) {
            case COSINE -> base * 0.5 * (1 + Math.cos(Math.PI * progress));
            case STEP -> base * (progress < 0.5 ? 1 : progress < 0.75 ? 0.1 : 0.01);
            case CONSTANT -> base;
        };
    }
}
