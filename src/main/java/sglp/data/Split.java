package sglp.data;

/**
 * A train/test split of one set; the two parts are disjoint.
 *
 * @param train the training part
 * @param test the held-out part
 */
public record Split(ImageSet train, ImageSet test) {}
