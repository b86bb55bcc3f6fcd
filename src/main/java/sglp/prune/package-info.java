/**
 * Pruning: {@link sglp.prune.Pruning#apply} builds the physically smaller network that keeps the chosen layers with
 * their pretrained weights; {@link sglp.prune.PruneSummary} reports kept and removed layers, parameters and MACs
 * (thop convention) before and after, as a table and the paper's Fig. 3 style chart.
 */
package sglp.prune;
