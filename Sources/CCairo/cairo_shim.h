// The Render module; see README.md in this folder.
#include <cairo.h>
#include <cairo-svg.h>
#include <pango/pangocairo.h>
