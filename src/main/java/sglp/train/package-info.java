/** Training, fine-tuning and evaluation: SGD with momentum, cosine schedule, top-1 accuracy, atomic checkpoints. */
package sglp.train;
