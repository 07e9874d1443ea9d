// The Pipeline module; see README.md in this folder.
