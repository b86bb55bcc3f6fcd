package sglp.select;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sglp.data.Batch;
import sglp.data.Splits;
import sglp.model.Network;
import sglp.progress.Progress;
import sglp.pipeline.Session;
import sglp.prune.Pruning;
import sglp.score.NetworkTarget;
import sglp.train.Evaluation;

/**
 * A constructed network with known answers: a ResNet-20 trained on the digits in which three blocks have every
 * weight of their residual branch set to zero, so each of them passes its input on unchanged. The magnitude, block
 * influence and one-shot criteria must remove exactly those blocks, and removing them changes nothing: the pruned
 * network's accuracy is the dense network's.
 */
class ZeroBlocksTest {
    private static final List<String> ZEROED = List.of("layer1.2", "layer2.2", "layer3.2");

    @Test
    void magnitudeBlockInfluenceAndOneShotRemoveExactlyTheBlocksThatDoNothing() {
        try (Session s = new Session(0, Progress.NONE)) {
            s.useMnist(1024, 200);
            s.trainModel("resnet20", 2, 64, 0.1);
            Network net = s.pretrained();
            for (String block : ZEROED) {
                for (String key : net.unitKeys(block)) {
                    if (!key.contains("running_")) {
                        net.set(key, net.parameters().get(key).getArray().zerosLike());
                    }
                }
            }
            NetworkTarget target = NetworkTarget.builder(net, Splits.sample(s.trainImages(), 128, 1),
                    Batch.of(Splits.sample(s.trainImages(), 32, 2))).build();
            List<Integer> zeroed = ZEROED.stream().map(target.layers()::indexOf).toList();
            int keep = target.layers().size() - ZEROED.size();
            for (String method : List.of("l1", "l2", "shortgpt", "oneshot")) {
                Selection selection = Selectors.byName(method, Selectors.Settings.DEFAULT).select(target, keep);
                assertEquals(zeroed, selection.removed(), method + ": " + selection.scores());
            }
            assertEquals(target.loss(Set.of()), target.loss(Set.of(zeroed.get(0))), 0.0,
                    "a block that passes its input on changes no logit");
            double dense = Evaluation.accuracy(net, s.testImages(), 100);
            try (Network pruned = Pruning.apply(net, target.layers().stream().filter(l -> !ZEROED.contains(l))
                    .toList())) {
                assertEquals(dense, Evaluation.accuracy(pruned, s.testImages(), 100), 0.0);
            }
        }
    }
}
