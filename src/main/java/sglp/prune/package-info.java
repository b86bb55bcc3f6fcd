/** Building the physically smaller network from the kept layers, carrying their pretrained weights. */
package sglp.prune;
