/** Representation similarity between layers: Gram matrices streamed from activations and the CKA matrix (linear, debiased, RBF). */
package sglp.cka;
