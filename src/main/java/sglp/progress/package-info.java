/**
 * How long work reports: the one callback type {@link sglp.progress.Progress} that every long stage of the library
 * takes (training, fine-tuning, LoRA, the searches, zero-shot evaluation), and {@link sglp.progress.EpochStats}, the
 * numbers a training task reports after each epoch. Front ends implement it (a console bar, a notebook display);
 * the library only calls it.
 */
package sglp.progress;
