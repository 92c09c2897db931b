// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// Nothing to compile: the header declares a function of libFuzzer's runtime (-sanitize=fuzzer).
#include "fuzz_driver.h"
