// Nothing to compile: the header declares a function of libFuzzer's runtime (-sanitize=fuzzer).
#include "fuzz_driver.h"
