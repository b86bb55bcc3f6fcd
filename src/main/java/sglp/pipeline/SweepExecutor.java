package sglp.pipeline;

import java.util.List;
import java.util.function.Consumer;

/**
 * Runs a sweep's jobs. Each job is independent of the others and described by its {@link SweepJob} alone, so an
 * executor may run them in any order or elsewhere; {@link #LOCAL} runs them here, one after the other.
 */
@FunctionalInterface
public interface SweepExecutor {

    /** Runs every job in this process, in order. */
    SweepExecutor LOCAL = (jobs, job) -> jobs.forEach(job);

    /**
     * Runs jobs.
     *
     * @param jobs the jobs not done yet
     * @param job runs one job and records its result (it writes the result atomically when the job completes)
     */
    void run(List<SweepJob> jobs, Consumer<SweepJob> job);
}
