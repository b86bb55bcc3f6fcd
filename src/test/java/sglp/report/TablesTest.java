package sglp.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class TablesTest {

    private static int count(String text, String regex) {
        return (int) Pattern.compile(regex).matcher(text).results().count();
    }

    @Test
    void percentagesCarryNoBinaryNoise() {
        assertEquals("10.1", Double.toString(Tables.percent(0.101)));
        assertEquals("97.4", Double.toString(Tables.percent(0.974)));
        assertEquals(100 / 3.0, Tables.percent(1 / 3.0), 1e-9);
        assertTrue(Double.isNaN(Tables.percent(Double.NaN)));
    }

    @Test
    void htmlTruncatesLongTablesAndSaysHowManyRowsThereAre() {
        String html = Tables.toHtml(Samples.table(30), 10);
        assertEquals(10, count(html, "<tr><td style"));
        assertTrue(html.contains("... 20 more rows (30 rows in all)"), html);
        assertTrue(html.contains("<caption>layers</caption>"));
    }

    @Test
    void htmlOfAShortTableHasAllRowsAndNoNote() {
        String html = Tables.toHtml(Samples.table(3), 10);
        assertEquals(3, count(html, "<tr><td style"));
        assertFalse(html.contains("more row"));
    }

    @Test
    void htmlRightAlignsNumbersAndEscapesText() {
        Table t = Tables.counts(Samples.table(2), "params");
        String html = Tables.toHtml(t, 5);
        assertTrue(html.contains("<td style=\"text-align:right\">1,000,001</td>"), html);
        assertTrue(html.contains("<td style=\"text-align:left\">&lt;b&gt;layer0</td>"), html);
        assertFalse(html.contains("<b>"));
    }

    @Test
    void textAlignsColumnsAndTruncates() {
        Table t = Tables.fixedDecimals(Samples.table(4), 3, "cka");
        String text = Tables.toText(t, 3);
        String[] lines = text.split("\n");
        assertEquals("layers", lines[0]);
        assertEquals("name        params    cka", lines[1]);
        assertEquals("<b>layer2  1000002  0.250", lines[5]);
        assertEquals("... 1 more row (4 rows in all)", lines[6]);
        assertEquals(7, lines.length);
    }

    @Test
    void numbersFormatTheSameInEveryLocale() {
        assertEquals("1,234.50", Tables.format(1234.5, 2));
        assertEquals("1,234,568", Tables.format(1234567.9, 0));
        assertEquals(Tables.MISSING, Tables.format(Double.NaN, 2));
        Table t = Tables.fixedDecimals(Samples.table(2), 2, "cka");
        assertEquals("0.13", t.column("cka").getString(1));
    }

    @Test
    void wrongArgumentsAreRejected() {
        var notNumeric = assertThrows(IllegalArgumentException.class,
                () -> Tables.fixedDecimals(Samples.table(1), 2, "name"));
        assertEquals("Column 'name' of table 'layers' is STRING, expected a numeric column", notNumeric.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tables.format(1, -1));
        assertThrows(IllegalArgumentException.class, () -> Tables.toHtml(Samples.table(1), 0));
    }
}
