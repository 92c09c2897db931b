// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// Umbrella header of the COpenSSL shim.
#include "cossl_pins.h"
#include "cossl_trust.h"
#include "cossl_digest.h"
#include "cossl_vault.h"
#include "cossl_warmup.h"
