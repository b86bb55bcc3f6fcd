package sglp.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class EngineArraysTest {

    @Test
    void aParameterIsWrittenInPlaceEvenWhileAutogradRecords() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.zeros(new Shape(2, 3));
            w.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                EngineArrays.assign(w, new float[] {1, 2, 3, 4, 5, 6});
                assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, w.toFloatArray());
                assertTrue(w.hasGradient(), "still a parameter");
                gc.backward(w.mul(w).sum());
            }
            assertArrayEquals(new float[] {2, 4, 6, 8, 10, 12}, w.getGradient().toFloatArray(), "d(w^2)/dw = 2w");
        }
    }

    @Test
    void aWrongNumberOfValuesIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> EngineArrays.assign(m.zeros(new Shape(2, 3)), new float[5]));
            assertEquals("expected 6 values for shape (2, 3), found 5", e.getMessage());
        }
    }
}
