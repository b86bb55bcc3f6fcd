/**
 * SGLP stage by stage: a {@link sglp.pipeline.Session} runs data, model, CKA, segmentation, GradNorm search, pruning
 * and fine-tuning one call at a time and keeps each result (the notebooks' Java API and the command line's
 * {@code run} drive the same calls); {@link sglp.pipeline.ResultsFolder} writes the tables, figures, report and
 * {@link sglp.pipeline.Manifest} of a run.
 */
package sglp.pipeline;
