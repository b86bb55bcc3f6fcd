/**
 * Fisher optimal segmentation of the ordered layers by their similarity, with the loss curve over the number of
 * segments.
 *
 * <p>{@link sglp.segment.FisherSegmenter} splits the L layers of a {@link sglp.cka.SimilarityMatrix} into k
 * contiguous segments of least total diameter, exactly, by dynamic programming (METHOD.md section 2); the
 * {@link sglp.segment.Segmentation} it returns carries the loss for every k up to a limit, shows itself as a table,
 * a loss-by-k chart and a segmented heatmap, and reads and writes the project's JSON form.
 */
package sglp.segment;
