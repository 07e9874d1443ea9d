// The Site module; see README.md in this folder.
