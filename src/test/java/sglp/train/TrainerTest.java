package sglp.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import sglp.data.ImageSet;
import sglp.data.ImageTransforms;
import sglp.data.Mnist;
import sglp.data.Split;
import sglp.data.Splits;
import sglp.model.Architectures;
import sglp.model.Network;
import sglp.model.Weights;

/** Training on real MNIST digits learns; runs are reproducible; interrupts stop training. */
class TrainerTest {
    private static Split digits;

    @BeforeAll
    static void loadDigits() {
        ImageSet all = ImageTransforms.toCifarLayout(Mnist.load());
        float[][] meanStd = ImageTransforms.channelMeanStd(all);
        Split s = Splits.stratified(ImageTransforms.normalize(all, meanStd[0], meanStd[1]), 0.1, 3);
        digits = new Split(s.train().head(1536), s.test().head(400));
    }

    @Test
    void oneEpochOnDigitsLearnsFarAboveChance() {
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 1)) {
            double before = Evaluation.accuracy(net, digits.test(), 200);
            TrainingHistory h = Trainer.builder().optEpochs(2).optBatchSize(32).optLearningRate(0.1).optSeed(5)
                    .build().fit(net, digits.train(), digits.test(), "resnet20 on digits");
            assertEquals(2, h.epochs().size());
            assertTrue(h.finalTestAccuracy() > 0.6, "accuracy after 2 epochs " + h.epochs());
            assertTrue(h.finalTestAccuracy() > before + 0.3, "before " + before + ", after " + h.finalTestAccuracy());
            assertTrue(h.epochs().get(1).trainLoss() < h.epochs().get(0).trainLoss());
            assertEquals(h.finalTestAccuracy(), Evaluation.accuracy(net, digits.test(), 64), 1e-9);
            assertEquals(2, h.table().rowCount());
            assertEquals(3, h.figure().data().size());
        }
    }

    @Test
    void sameSeedSameWeightsAndCheckpointHoldsThem(@TempDir Path dir) {
        Path ckpt = dir.resolve("ckpt.safetensors");
        ImageSet small = digits.train().head(128);
        float[][] weights = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (Network net = Network.create(Architectures.byName("resnet20", 10), 1)) {
                Trainer.builder().optEpochs(1).optBatchSize(32).optSeed(9).optCheckpoint(ckpt).build()
                        .fit(net, small, small.head(32), "repeat");
                weights[run] = net.parameters().get("layer3.2.conv2.weight").getArray().toFloatArray();
            }
        }
        assertArrayEquals(weights[0], weights[1]);
        assertTrue(Files.exists(ckpt));
        try (Network loaded = Weights.load(Architectures.byName("resnet20", 10), ckpt)) {
            assertArrayEquals(weights[1], loaded.parameters().get("layer3.2.conv2.weight").getArray().toFloatArray());
        }
    }

    @Test
    void vggTrainingIsReproducibleDespiteItsDropoutClassifier() {
        ImageSet four = digits.train().head(4);
        float[][] weights = new float[2][];
        for (int run = 0; run < 2; run++) {
            try (Network net = Network.create(Architectures.vgg16Bn(10), 1)) {
                Trainer.builder().optEpochs(1).optBatchSize(2).optSeed(9).build().fit(net, four, four.head(2), "vgg");
                weights[run] = net.parameters().get("classifier.3.weight").getArray().toFloatArray();
            }
        }
        assertArrayEquals(weights[0], weights[1], "the engine's generator (dropout's masks) is seeded by the run");
    }

    @Test
    void interruptStopsTraining() {
        try (Network net = Network.create(Architectures.byName("resnet20", 10), 1)) {
            Trainer t = Trainer.builder().optEpochs(3).optBatchSize(32)
                    .optProgress("train", (task, done, total, message) -> {
                        if (done == 2) {
                            Thread.currentThread().interrupt();
                        }
                    }).build();
            var e = assertThrows(CancellationException.class, () -> t.fit(net, digits.train(), digits.test(), "x"));
            assertTrue(e.getMessage().contains("epoch 1"));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void schedules() {
        assertEquals(0.1, Schedule.COSINE.rate(0.1, 0, 100), 1e-12);
        assertEquals(0.05, Schedule.COSINE.rate(0.1, 50, 100), 1e-12);
        assertEquals(0.01, Schedule.STEP.rate(0.1, 60, 100), 1e-12);
        assertEquals(0.001, Schedule.STEP.rate(0.1, 80, 100), 1e-12);
        assertEquals(0.1, Schedule.CONSTANT.rate(0.1, 99, 100), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Trainer.builder().optEpochs(0));
    }
}
