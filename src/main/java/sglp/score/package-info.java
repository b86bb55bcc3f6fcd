/**
 * Importance of layers inside segments (METHOD.md section 3): how many layers each segment keeps
 * ({@link sglp.score.Allocation}), which subsets it may keep ({@link sglp.score.Candidates}), the GradNorm score of a
 * candidate network ({@link sglp.score.GradNorm}) and the search that keeps the best subset of every segment
 * ({@link sglp.score.GradNormSearch}, giving a {@link sglp.score.SearchResult}).
 */
package sglp.score;
