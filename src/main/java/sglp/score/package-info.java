/** Importance of candidate layer sets inside each segment: GradNorm search, allocation of kept layers, candidate enumeration. */
package sglp.score;
