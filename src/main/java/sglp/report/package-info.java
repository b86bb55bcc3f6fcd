/**
 * Showing results: every stage's result is a {@link sglp.report.Displayable}, a Tablesaw table and a plotly
 * {@link sglp.report.Figure}, rendered the same way in HTML reports and Jupyter notebooks.
 *
 * <ul>
 *   <li>{@link sglp.report.Figures} and {@link sglp.report.Series} build figures as plotly JSON: heatmaps,
 *       lines, grouped bars, and shapes drawn over them.</li>
 *   <li>{@link sglp.report.Tables} formats numbers and renders tables as HTML or plain text.</li>
 *   <li>{@link sglp.report.HtmlReport} writes one self-contained offline page, with the pinned plotly.js of
 *       {@link sglp.report.PlotlyJs} inlined once.</li>
 *   <li>{@link sglp.report.PaperTables} holds the tables published in the SGLP paper, to compare runs against.</li>
 * </ul>
 */
package sglp.report;
