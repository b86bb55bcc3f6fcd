/**
 * Representation similarity between layers: Gram matrices streamed from activations and the CKA matrix (linear,
 * debiased, RBF).
 *
 * <p>{@link sglp.cka.CkaAccumulator} takes the activations of every layer, batch by batch, keeps, per layer
 * of the current batch, the cheaper of its centred n x n Gram matrix and its centred features, and running sums of
 * HSIC, and gives a {@link sglp.cka.SimilarityMatrix} (METHOD.md section 1). Its products are float32 matrix products
 * of the engine accumulated in float64 over blocks, with a stated error bound ({@code GramKernel}). {@link sglp.cka.Cka} holds the same computation as plain functions on Java arrays, with literal
 * reference formulas for tests and teaching. The matrix shows itself as a table and a heatmap and reads and writes
 * the project's CSV form.
 */
package sglp.cka;
