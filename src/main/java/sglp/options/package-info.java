/**
 * The option words of every front end: picocli mixins that the command line ({@code sglp.cli}) and the notebook
 * magics both use, so that an option has one name, one default and one help text wherever it appears. Numeric
 * defaults are the constants of the library's settings records ({@link sglp.pipeline.CkaSettings},
 * {@link sglp.pipeline.SearchSettings}, {@link sglp.pipeline.DataSettings}, {@link sglp.pipeline.TrainSettings});
 * each mixin turns its values into such a record. Enumerated options take their words through one converter,
 * {@link sglp.options.EnumWords}.
 *
 * <p>The mixins:
 * <ul>
 *   <li>both model families: {@link sglp.options.SeedOption} ({@code --seed}), {@link sglp.options.SeedsOption}
 *       ({@code --seeds}), {@link sglp.options.SegmentOption} ({@code --k}), {@link sglp.options.KeepOption}
 *       ({@code --keep}), {@link sglp.options.CandidateLimitOption} ({@code --candidate-limit});</li>
 *   <li>CNNs: {@link sglp.options.SessionOptions} (a whole run: {@link sglp.options.DataOptions},
 *       {@link sglp.options.ModelChoiceOptions} with {@link sglp.options.PretrainOptions},
 *       {@link sglp.options.FinetuneOptions}, {@link sglp.options.BatchSizeOption}), {@link sglp.options.CkaOptions}
 *       with {@link sglp.options.EstimatorOptions}, {@link sglp.options.SearchOptions} with
 *       {@link sglp.options.ModeOption}, {@link sglp.options.CompareOptions};</li>
 *   <li>decoders: {@link sglp.options.LlmModelOptions} (the decoder of a session, with
 *       {@link sglp.options.BrownOptions} and {@link sglp.options.HeldOutTokensOption}),
 *       {@link sglp.options.WindowOptions} ({@code --window}, {@code --stride}), {@link sglp.options.LoraOptions}
 *       ({@code --lora-*}); the methods' words through {@link sglp.options.PruneMethodWords}.</li>
 * </ul>
 */
package sglp.options;
