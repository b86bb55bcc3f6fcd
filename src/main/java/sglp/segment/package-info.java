/** Fisher optimal segmentation of the ordered layers by their similarity, with the loss curve over the number of segments. */
package sglp.segment;
