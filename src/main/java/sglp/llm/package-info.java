/**
 * LLaMA-family decoders on DJL: the model ({@link sglp.llm.LlamaModel}, configured by {@link sglp.llm.LlamaConfig}),
 * Hugging Face checkpoints read and written in their folder layout ({@link sglp.llm.HfCheckpoint},
 * {@link sglp.llm.HfExport}), the tokenizer ({@link sglp.llm.TextTokenizer}), layer pruning
 * ({@link sglp.llm.LlamaModel#withoutLayers}) and strided perplexity ({@link sglp.llm.Perplexity}), the score SGLP
 * uses for language models.
 */
package sglp.llm;
