package sglp.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void numbersArePlainDecimalsAndUndefinedOnesNull() {
        JsonObject o = new JsonObject();
        o.add("small", Json.number(1.23e-7));
        o.add("big", Json.number(6.02e23));
        o.add("nan", Json.number(Double.NaN));
        o.addProperty("count", 12L);
        JsonArray a = new JsonArray();
        a.add(0.5);
        a.add(Double.POSITIVE_INFINITY);
        o.add("list", a);
        o.addProperty("name", "a \"quoted\" word");
        assertEquals("{\n  \"small\": 0.000000123,\n  \"big\": 602000000000000000000000,\n  \"nan\": null,\n"
                + "  \"count\": 12,\n  \"list\": [\n    0.5,\n    null\n  ],\n"
                + "  \"name\": \"a \\\"quoted\\\" word\"\n}\n", Json.pretty(o));
    }
}
