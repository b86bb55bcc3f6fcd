/**
 * Layer selection, one API for every model family (METHOD.md sections 3, 5 and 6): a
 * {@link sglp.select.LayerSelector} chooses which of a model's prunable layers to keep at a budget, from what a
 * {@link sglp.select.SelectionTarget} offers (the layers' weights, their inputs and outputs on calibration data,
 * the calibration loss with layers removed, CKA and a candidate scorer). SGLP and its ablations and the baselines
 * ({@code random}, {@code l1}, {@code l2}, {@code shortgpt}, {@code angular}, {@code oneshot}) are selectors under
 * the names users type ({@link sglp.select.Selectors#byName}); the CNN target lives in {@code sglp.score}, the
 * decoder target in {@code sglp.llm}.
 */
package sglp.select;
