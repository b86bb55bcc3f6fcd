/**
 * The speed benchmark, {@code environment/sglp bench}: kept out of the product jar, run on the test class path.
 *
 * <p>{@link sglp.bench.Bench} prints, in one run, the {@code cka} command on a generated activation file beside an
 * in-process reference and the sgemm floor, with the command's peak resident memory, and GradNorm candidates per
 * second beside one full forward and backward pass. {@link sglp.bench.Measured} runs a command line in a child JVM and
 * reports its time and peak resident memory.
 */
package sglp.bench;
