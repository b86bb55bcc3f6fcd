/**
 * The Jupyter side of SGLP: a Java kernel on JShell and the notebook extension that renders SGLP results.
 *
 * <ul>
 *   <li>{@link sglp.kernel.Main} starts {@link sglp.kernel.SglpKernel} for a Jupyter connection file.</li>
 *   <li>{@link sglp.kernel.SglpKernel} evaluates cells in a JShell that runs in the kernel's own JVM, so a cell's
 *       value is a live object that the renderers turn into HTML.</li>
 *   <li>{@link sglp.kernel.SglpExtension} registers the renderers (Tablesaw tables, plotly figures, SGLP results)
 *       and magics on any basekernel kernel, including a stock IJava installation.</li>
 *   <li>The {@code %sglp} line magic ({@code SglpMagic}, subcommands in {@code SglpCommands}) runs the SGLP stages
 *       on the notebook's session and displays each result; {@link sglp.kernel.Sglp#session()} gives Java cells the
 *       same session. Option defaults come from the notebook settings ({@code SGLP_NB_*} environment
 *       variables).</li>
 *   <li>{@link sglp.kernel.ProgressDisplay} shows a progress bar that updates in place; the session's stages report
 *       through it, and training also through a live curve replaced after each epoch.</li>
 *   <li>{@link sglp.kernel.Notebook} gives cells the running kernel and a {@code display} function.</li>
 * </ul>
 *
 * <p>Nothing outside this package imports it: the library never depends on the kernel.
 */
package sglp.kernel;
