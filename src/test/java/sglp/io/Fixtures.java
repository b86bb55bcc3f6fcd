package sglp.io;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The files made by {@code src/test/resources/sglp/io/make_fixtures.py} with NumPy. */
final class Fixtures {
    private Fixtures() {
    }

    static Path path(String name) {
        try {
            return Path.of(Fixtures.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
