/** Showing results: plotly figures as data, Tablesaw tables, HTML pages with plotly.js inlined, the paper's published tables. */
package sglp.report;
