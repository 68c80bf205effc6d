package io.github.panagrad.parity;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed PyTorch fixtures are all there and all exercised: a missing, unlisted or
 * extra fixture file fails here, loudly, instead of shrinking the parity run.
 */
class FixtureInventoryTest {

    /** The fixtures {@code src/test/python/make_fixtures.py} writes, in its order. */
    private static final List<String> EXPECTED = List.of(
            "seed_3_1_relu_b1000.fixture",
            "mlp_3_8_1_b1000.fixture",
            "mlp_5_16_16_3_b7.fixture",
            "mlp_4_6_2_b1.fixture",
            "mlp_784_32_10_b13.fixture");

    /** Checks per fixture in {@link PyTorchParityTest}: PyTorch, SCALAR, VECTOR, coverage. */
    private static final int CHECKS_PER_FIXTURE = 4;

    /** The size the fixtures are kept under, so the repository stays small. */
    private static final long MAX_TOTAL_BYTES = 2L << 20;

    @Test
    void indexListsExactlyTheExpectedFixtures() {
        assertEquals(EXPECTED, Fixture.index());
    }

    @Test
    void fixtureFolderHoldsExactlyTheIndexedFilesWithinTheSizeLimit() throws IOException, URISyntaxException {
        URL folder = Fixture.class.getResource(Fixture.FOLDER);
        assertNotNull(folder, "fixture folder " + Fixture.FOLDER + " is missing from the test class path");
        Path dir = Path.of(folder.toURI());
        Set<String> files;
        long total;
        try (Stream<Path> listing = Files.list(dir)) {
            List<Path> paths = listing.collect(Collectors.toList());
            files = paths.stream().map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
            total = 0;
            for (Path p : paths) {
                total += Files.size(p);
            }
        }
        Set<String> expected = new TreeSet<>(EXPECTED);
        expected.add(Fixture.INDEX);
        assertEquals(expected, files, "files in " + dir);
        assertTrue(total < MAX_TOTAL_BYTES, "fixtures take " + total + " bytes, above " + MAX_TOTAL_BYTES);
    }

    @Test
    void everyFixtureLoadsAndRecordsItsOptimizerCases() {
        for (String name : EXPECTED) {
            Fixture fixture = Fixture.load(name);
            assertEquals(5, OptimizerCase.all(fixture).size(), name + ": optimizer cases");
            assertEquals("3", fixture.text("steps"), name + ": steps");
        }
    }

    @Test
    void parityRunsEveryCheckOnEveryFixture() {
        List<DynamicNode> nodes = new PyTorchParityTest().parity().collect(Collectors.toList());
        assertEquals(EXPECTED.size() + 1, nodes.size(), "one container per fixture plus the coverage check");
        for (int i = 0; i < EXPECTED.size(); i++) {
            DynamicContainer container = assertInstanceOf(DynamicContainer.class, nodes.get(i));
            assertEquals(EXPECTED.get(i), container.getDisplayName());
            assertEquals(CHECKS_PER_FIXTURE, container.getChildren().count(), EXPECTED.get(i) + ": checks");
        }
    }
}
