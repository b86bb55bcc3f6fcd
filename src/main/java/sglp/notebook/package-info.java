/**
 * SGLP in notebooks: the extension that renders SGLP results, runs the {@code %sglp} magics and shows progress, in
 * three Java kernels for Jupyter: ours ({@code sglp.kernel}), IJava 1.3 and JJava.
 *
 * <ul>
 *   <li>{@link sglp.notebook.NotebookFront} is all the extension needs from a kernel (show and replace outputs,
 *       register line magics and renderers) and {@link sglp.notebook.MimeBundle} is one output. The extension's logic
 *       ({@link sglp.notebook.SglpExtension}) is written against this seam only.</li>
 *   <li>Two thin adapters install it: {@link sglp.notebook.BaseKernelExtension} on SpencerPark's basekernel (our
 *       kernel, {@code sglp.kernel}, through its startup script; IJava 1.3 through its startup script) and
 *       {@link sglp.notebook.JJavaExtension} on JJava's {@code jjava-jupyter}, found by JJava's
 *       {@link java.util.ServiceLoader} through {@code META-INF/services/org.dflib.jjava.jupyter.Extension}.</li>
 *   <li>Tablesaw tables, plotly figures and SGLP results ({@code sglp.report.Displayable}) render as HTML with a text
 *       fallback; every figure also carries {@code application/vnd.plotly.v1+json}, which JupyterLab, nteract and VS
 *       Code draw natively, while notebooks and {@code nbconvert --to html} use the HTML with plotly.js inlined
 *       once.</li>
 *   <li>The {@code %sglp} line magic ({@code SglpMagic}, subcommands in {@code SglpCommands}) runs the SGLP stages
 *       on the notebook's session and displays each result; {@link sglp.notebook.Sglp#session()} gives Java cells the
 *       same session. Option defaults come from the notebook settings ({@code SGLP_NB_*} environment
 *       variables).</li>
 *   <li>{@link sglp.notebook.ProgressDisplay} shows a progress bar that updates in place; the session's stages report
 *       through it, and training also through a live curve replaced after each epoch.</li>
 *   <li>{@link sglp.notebook.Notebook} gives cells the running kernel's front and a {@code display} function.</li>
 * </ul>
 *
 * <p>It depends on the kernel-base APIs only, never on {@code sglp.kernel}; nothing in the library imports it.
 */
package sglp.notebook;
