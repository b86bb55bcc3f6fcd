package sglp.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import sglp.model.Network;

/**
 * One optimizer step, the core that both training loops share (CNN training and fine-tuning in {@link Trainer},
 * the decoder's training and LoRA in {@code sglp.llm.LlmTrainer}): zero the parameters' gradients, compute the loss,
 * backpropagate, then update every parameter with its gradient, or, when told to skip such steps, none of them if
 * a gradient holds NaN or infinity.
 */
public final class GradientStep {

    private GradientStep() {
    }

    /**
     * What a step did.
     *
     * @param loss the scalar loss, owned by the step's scope
     * @param applied whether the parameters were updated
     */
    public record Outcome(NDArray loss, boolean applied) {
    }

    /**
     * Runs one step.
     *
     * @param parameters the parameters to update (the optimizer keeps its state per parameter id)
     * @param optimizer the update rule, e.g. SGD with momentum or AdamW
     * @param skipNonFinite whether a step whose gradients are not all finite leaves every parameter as it was
     * @param scope owns the step's arrays (the gradients' handles and whatever the loss creates); the caller closes
     *     it after reading what it needs
     * @param loss computes the scalar loss in the scope, forward pass included
     * @return the loss and whether it was applied
     */
    public static Outcome run(Collection<Parameter> parameters, Optimizer optimizer, boolean skipNonFinite,
            NDManager scope, Supplier<NDArray> loss) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            Network.zeroGradients(parameters, scope);
            NDArray l = loss.get();
            collector.backward(l);
            List<NDArray> gradients = new ArrayList<>(parameters.size());
            for (Parameter p : parameters) {
                NDArray gradient = p.getArray().getGradient();
                gradient.attach(scope);
                gradients.add(gradient);
            }
            boolean apply = !skipNonFinite || gradients.stream()
                    .allMatch(g -> g.isNaN().logicalOr(g.isInfinite()).none().getBoolean());
            if (apply) {
                int i = 0;
                for (Parameter p : parameters) {
                    optimizer.update(p.getId(), p.getArray(), gradients.get(i++));
                }
            }
            return new Outcome(l, apply);
        }
    }
}
