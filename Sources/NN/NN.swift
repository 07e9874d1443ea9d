// The NN module; see README.md in this folder.
