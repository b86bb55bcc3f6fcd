/**
 * Training, fine-tuning and evaluation: {@link sglp.train.Trainer} runs SGD with momentum and weight decay under a
 * per-step learning-rate {@link sglp.train.Schedule}, reports batches and epochs to a
 * {@link sglp.progress.Progress}, writes checkpoints atomically and stops on interrupt;
 * {@link sglp.train.GradientStep} is the optimizer step it shares with the decoder's trainer;
 * {@link sglp.train.Evaluation} measures top-1 accuracy; {@link sglp.train.TrainingHistory} shows the curves.
 */
package sglp.train;
