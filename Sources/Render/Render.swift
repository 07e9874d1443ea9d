// The Render module; see README.md in this folder.
