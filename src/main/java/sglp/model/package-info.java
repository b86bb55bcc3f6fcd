/** Networks as ordered units (prunable or fixed) on DJL: CIFAR ResNets, VGG-16-BN, ResNet-50; their state-dict names, parameter and MAC counts. */
package sglp.model;
