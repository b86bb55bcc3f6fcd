package sglp.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The architectures of the paper's experiments, with the unit names of the public PyTorch layouts.
 *
 * <ul>
 *   <li>CIFAR ResNet-20/32/56/110: {@code conv1, bn1} (unit {@code conv1}), {@code layerS.B}, head {@code fc} with
 *       option B shortcuts (chenyaofo/pytorch-cifar-models) or head {@code linear} with option A
 *       (akamaster/pytorch_resnet_cifar10).</li>
 *   <li>VGG-16-BN, CIFAR layout: {@code features.N} (the index of the convolution in the PyTorch sequential; its
 *       BatchNorm is {@code features.N+1}), max-pools as fixed units, head {@code classifier} with three linear
 *       layers of 512 hidden units.</li>
 *   <li>ResNet-50, ImageNet layout (torchvision): stem {@code conv1}, bottleneck blocks {@code layerS.B}, head
 *       {@code fc}.</li>
 * </ul>
 */
public final class Architectures {
    private static final int[] VGG16 = {64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0};

    private Architectures() {
    }

    /** @return the names {@link #byName} accepts */
    public static List<String> names() {
        return List.of("resnet20", "resnet32", "resnet56", "resnet110", "resnet20a", "resnet32a", "resnet56a",
                "resnet110a", "vgg16", "resnet50");
    }

    /**
     * Looks an architecture up by its command-line name.
     *
     * @param name {@code resnet20|32|56|110} (option B), the same with suffix {@code a} (option A), {@code vgg16},
     *     {@code resnet50}
     * @param numClasses classes of the head
     * @return the architecture
     */
    public static Architecture byName(String name, int numClasses) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.equals("vgg16") || n.equals("vgg16_bn")) {
            return vgg16Bn(numClasses);
        }
        if (n.equals("resnet50")) {
            return resnet50(numClasses, 224);
        }
        if (n.startsWith("resnet")) {
            Shortcut sc = n.endsWith("a") ? Shortcut.A : Shortcut.B;
            String digits = n.substring(6, n.length() - (sc == Shortcut.A ? 1 : 0));
            if (digits.matches("20|32|56|110")) {
                return cifarResNet(Integer.parseInt(digits), sc, numClasses);
            }
        }
        throw new IllegalArgumentException("unknown model '" + name + "': expected one of " + names());
    }

    /**
     * A CIFAR ResNet of depth 6n+2: three stages of n basic blocks with 16, 32, 64 channels on 32x32 inputs.
     *
     * @param depth 20, 32, 44, 56, 110, ... (6n+2)
     * @param shortcut option A (parameter-free, head named {@code linear}) or B (projection, head named {@code fc})
     * @param numClasses classes of the head
     * @return the architecture
     */
    public static Architecture cifarResNet(int depth, Shortcut shortcut, int numClasses) {
        if (depth < 8 || (depth - 2) % 6 != 0) {
            throw new IllegalArgumentException("CIFAR ResNet depth must be 6n+2 with n >= 1, found " + depth);
        }
        int blocks = (depth - 2) / 6;
        List<Unit> units = new ArrayList<>();
        units.add(new Unit("conv1", UnitKind.CIFAR_STEM, 3, 16, 1, 32, shortcut));
        int channels = 16;
        int size = 32;
        for (int stage = 1; stage <= 3; stage++) {
            int width = 16 << (stage - 1);
            for (int b = 0; b < blocks; b++) {
                int stride = stage > 1 && b == 0 ? 2 : 1;
                Unit u = new Unit("layer" + stage + "." + b, UnitKind.BASIC, channels, width, stride, size, shortcut);
                units.add(u);
                channels = width;
                size = u.outSize();
            }
        }
        String head = shortcut == Shortcut.A ? "linear" : "fc";
        units.add(new Unit(head, UnitKind.LINEAR_HEAD, channels, numClasses, 1, size, shortcut));
        String name = "resnet" + depth + (shortcut == Shortcut.A ? "a" : "");
        return new Architecture(name, 3, 32, numClasses, units);
    }

    /**
     * VGG-16 with BatchNorm in the CIFAR layout (32x32 inputs, a 512-512-classes classifier).
     *
     * @param numClasses classes of the head
     * @return the architecture
     */
    public static Architecture vgg16Bn(int numClasses) {
        List<Unit> units = new ArrayList<>();
        int channels = 3;
        int size = 32;
        int index = 0;
        for (int width : VGG16) {
            if (width == 0) {
                units.add(new Unit("features." + index, UnitKind.POOL, channels, channels, 2, size, Shortcut.B));
                size /= 2;
                index += 1;
            } else {
                units.add(new Unit("features." + index, UnitKind.CONV, channels, width, 1, size, Shortcut.B));
                channels = width;
                index += 3;
            }
        }
        units.add(new Unit("classifier", UnitKind.MLP_HEAD, channels * size * size, numClasses, 1, size, Shortcut.B));
        return new Architecture("vgg16", 3, 32, numClasses, units);
    }

    /**
     * ResNet-50 in torchvision's ImageNet layout: 7x7 stem, bottleneck stages of 3, 4, 6, 3 blocks, stride on the
     * 3x3 convolution (v1.5).
     *
     * @param numClasses classes of the head
     * @param inputSize height and width of the input images (224 for ImageNet)
     * @return the architecture
     */
    public static Architecture resnet50(int numClasses, int inputSize) {
        int[] blocks = {3, 4, 6, 3};
        List<Unit> units = new ArrayList<>();
        Unit stem = new Unit("conv1", UnitKind.IMAGENET_STEM, 3, 64, 2, inputSize, Shortcut.B);
        units.add(stem);
        int channels = 64;
        int size = stem.outSize();
        for (int stage = 0; stage < blocks.length; stage++) {
            int width = 256 << stage;
            for (int b = 0; b < blocks[stage]; b++) {
                int stride = stage > 0 && b == 0 ? 2 : 1;
                Unit u = new Unit("layer" + (stage + 1) + "." + b, UnitKind.BOTTLENECK, channels, width, stride, size,
                        Shortcut.B);
                units.add(u);
                channels = width;
                size = u.outSize();
            }
        }
        units.add(new Unit("fc", UnitKind.LINEAR_HEAD, channels, numClasses, 1, size, Shortcut.B));
        return new Architecture("resnet50", 3, inputSize, numClasses, units);
    }
}
