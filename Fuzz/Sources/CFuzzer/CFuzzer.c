// SwiftPM needs one C file for the target; the declaration in include/CFuzzer.h is all it holds.
#include "CFuzzer.h"
