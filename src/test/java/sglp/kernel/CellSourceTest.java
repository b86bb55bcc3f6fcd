package sglp.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting cells into Java code and magics. */
class CellSourceTest {
    @Test
    void lineMagicsSplitTheCodeAndKeepOffsets() {
        String cell = "int a = 1;\n  %jars lib/*.jar \"my dir/x.jar\"\nimport demo.X;\n";
        assertEquals(List.of(new CellSource.Code("int a = 1;\n", 0),
                new CellSource.LineMagic("jars", List.of("lib/*.jar", "my dir/x.jar"), null),
                new CellSource.Code("\nimport demo.X;\n", cell.indexOf("\nimport"))), CellSource.parse(cell).parts());
    }

    @Test
    void aCellMagicTakesTheWholeCell() {
        assertEquals(List.of(new CellSource.CellMagic("sglp", List.of("probe", "--layers=3"), "body 1\nbody 2")),
                CellSource.parse("%%sglp probe --layers=3\nbody 1\nbody 2").parts());
    }

    @Test
    void plainJavaIsOnePartAndModuloIsNoMagic() {
        String cell = "int r = 7 % 3;\nr";
        assertEquals(List.of(new CellSource.Code(cell, 0)), CellSource.parse(cell).parts());
    }

    @Test
    void javaOnlyBlanksMagicsInPlace() {
        String cell = "%classpath a.jar\nString s = \"x\";";
        assertEquals(" ".repeat(16) + "\nString s = \"x\";", CellSource.javaOnly(cell));
        assertEquals(" ".repeat(9), CellSource.javaOnly("%%sglp\nab"));
    }

    @Test
    void anAssignedMagicKeepsItsTarget() {
        List<CellSource.Part> parts = CellSource.parse("var r = %sglp cka --k 3\nr2 = %sglp state\nint x = 5 % 3;").parts();
        assertEquals(new CellSource.LineMagic("sglp", List.of("cka", "--k", "3"), "var r"), parts.get(0));
        assertEquals(new CellSource.LineMagic("sglp", List.of("state"), "r2"), parts.get(1));
        assertTrue(parts.get(2) instanceof CellSource.Code code && code.text().contains("5 % 3"));
    }
}
