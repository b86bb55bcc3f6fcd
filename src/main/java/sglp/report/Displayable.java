package sglp.report;

import tech.tablesaw.api.Table;

/**
 * A result that can show itself: a table of its numbers and a figure of them. The notebook layer and the HTML
 * report only render what these two methods return.
 */
public interface Displayable {

    /** @return the result's numbers as a table */
    Table table();

    /** @return the result as a plotly figure */
    Figure figure();
}
