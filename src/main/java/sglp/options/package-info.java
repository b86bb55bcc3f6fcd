/**
 * The option words of every front end: picocli mixins that the command line ({@code sglp.cli}) and the notebook
 * magics both use, so that an option has one name, one default and one help text wherever it appears. Numeric
 * defaults are the constants of the library's settings records ({@link sglp.pipeline.CkaSettings},
 * {@link sglp.pipeline.SearchSettings}, {@link sglp.pipeline.DataSettings}, {@link sglp.pipeline.TrainSettings});
 * each mixin turns its values into such a record. Enumerated options take their words through one converter,
 * {@link sglp.options.EnumWords}.
 */
package sglp.options;
