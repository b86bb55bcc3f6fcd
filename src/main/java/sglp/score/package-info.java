/**
 * GradNorm (METHOD.md section 3): the score of a candidate network ({@link sglp.score.GradNorm}) and the search that
 * keeps the best subset of every segment ({@link sglp.score.GradNormSearch}, giving a
 * {@link sglp.score.SearchResult}); how many layers each segment keeps and which subsets it may keep are
 * {@link sglp.select.Allocation} and {@link sglp.select.Candidates}.
 */
package sglp.score;
