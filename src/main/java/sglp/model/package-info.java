/**
 * Networks as ordered units on DJL.
 *
 * <p>An {@link sglp.model.Architecture} is a value: the units of a network in forward order, each prunable (a residual
 * block or VGG convolution that keeps shapes) or fixed (stem, shape-changing blocks, pools, head), with exact
 * parameter and MAC counts. {@link sglp.model.Architectures} builds the paper's models with the unit names of the
 * public PyTorch layouts. A {@link sglp.model.Network} gives an architecture weights addressed by PyTorch state-dict
 * keys, runs it with layers bypassed, and shows each unit's output to a {@link sglp.model.ActivationTap}.
 */
package sglp.model;
