/**
 * The command line: {@link sglp.cli.Main} with one picocli subcommand per stage working on files (activations and
 * batches as .npz, similarity as .csv, segments and results as .json, weights as .npz or .safetensors), {@code run}
 * for the whole pipeline. (The speed benchmark, {@code environment/sglp bench}, lives in the test sources.)
 */
package sglp.cli;
