/** Reading and writing tensors on disk: NumPy .npy/.npz and .safetensors files, PyTorch state dicts, atomic file writes. */
package sglp.io;
