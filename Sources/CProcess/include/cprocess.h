// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// Process-level calls Swift cannot import: prctl(2) is variadic, and glibc's
// posix_spawn_file_actions_addclosefrom_np is hidden from Swift's Glibc module.
// Used by mcp-warden's process hardening and the browser launcher (DESIGN.md invariant 12);
// a target of its own so that neither needs to see libcurl.
#ifndef MCP_WARDEN_CPROCESS_H
#define MCP_WARDEN_CPROCESS_H
#include <spawn.h>

/// prctl(PR_SET_DUMPABLE, dumpable): 0 on success, else errno.
int cprocess_set_dumpable(int dumpable);
/// prctl(PR_GET_DUMPABLE): 0 or 1, or -1 with errno set (not Linux: -1, ENOSYS).
int cprocess_get_dumpable(void);
/// Adds "close every descriptor >= from" to `actions`, done in the child between clone and exec
/// (glibc >= 2.34: close_range(2)), so no descriptor opened by any thread before the spawn leaks.
/// 0 on success, else an errno value (ENOSYS where unsupported: the caller must not spawn).
int cprocess_spawn_closefrom(posix_spawn_file_actions_t *actions, int from);

#endif
