package sglp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4180 records with the line each starts on, and refusals that name the line. */
class CsvRowsTest {

    @Test
    void quotedFieldsSpanLinesAndBlankLinesAreLeftOutWithoutShiftingTheLineNumbers() {
        List<CsvRows.Row> rows = CsvRows.parse("\uFEFFa,\"b, c\"\r\n\n\"two\nlines\",\"say \"\"hi\"\"\"\n\nlast,\n",
                "f.csv");
        assertEquals(List.of(new CsvRows.Row(1, List.of("a", "b, c")), new CsvRows.Row(3, List.of("two\nlines",
                "say \"hi\"")), new CsvRows.Row(6, List.of("last", ""))), rows);
        assertEquals(List.of(), CsvRows.parse("", "f.csv"));
    }

    @Test
    void anOpenQuoteOrTextAfterAClosingQuoteIsRefusedWithItsLine() {
        assertEquals("f.csv line 2: a quoted field is not closed before the end of the file",
                assertThrows(IllegalArgumentException.class, () -> CsvRows.parse("a,b\n\"c,d\n", "f.csv"))
                        .getMessage());
        assertEquals("f.csv line 2: expected a comma or the end of the line after a closing quote, found 'x'",
                assertThrows(IllegalArgumentException.class, () -> CsvRows.parse("a,b\nc,\"d\"x\n", "f.csv"))
                        .getMessage());
        assertEquals("f.csv line 1: expected a comma or the end of the line after a closing quote, found 'y'",
                assertThrows(IllegalArgumentException.class, () -> CsvRows.parse("\uFEFF\"q\"y,a\n", "f.csv"))
                        .getMessage());
    }

    @Test
    void aQuoteInsideAFieldThatDoesNotStartWithOneIsText() {
        assertEquals(List.of(new CsvRows.Row(1, List.of("q", "b\"c", "d"))), CsvRows.parse("q,b\"c,d\n", "f.csv"));
    }
}
