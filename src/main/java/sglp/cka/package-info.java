/**
 * Representation similarity between layers: Gram matrices streamed from activations and the CKA matrix (linear,
 * debiased, RBF).
 *
 * <p>{@link sglp.cka.CkaAccumulator} takes the activations of every layer, batch by batch, keeps only centred
 * n x n Gram matrices in float64 and running sums of HSIC, and gives a {@link sglp.cka.SimilarityMatrix} (METHOD.md
 * section 1). {@link sglp.cka.Cka} holds the same computation as plain functions on Java arrays, with literal
 * reference formulas for tests and teaching. The matrix shows itself as a table and a heatmap and reads and writes
 * the project's CSV form.
 */
package sglp.cka;
