/**
 * Zero-shot multiple-choice evaluation of language models scored as lm-evaluation-harness scores it: the
 * log-likelihood of each choice's continuation given its context, accuracy by the highest log-likelihood ({@code acc})
 * and by the highest log-likelihood per character ({@code acc_norm}). Readers turn the public files of PIQA,
 * HellaSwag, ARC, OpenBookQA, WinoGrande, MMLU and CMMLU into {@link sglp.zeroshot.ChoiceTask}s with lm-eval's
 * prompts; {@link sglp.zeroshot.BrownChoices} builds an offline task from held-out Brown text.
 */
package sglp.zeroshot;
