// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// See include/cprocess.h.
#define _GNU_SOURCE
#include "cprocess.h"
#include <errno.h>
#if defined(__linux__)
#include <sys/prctl.h>
#endif

int cprocess_set_dumpable(int dumpable) {
#if defined(__linux__)
    return prctl(PR_SET_DUMPABLE, (unsigned long)dumpable, 0UL, 0UL, 0UL) == 0 ? 0 : errno;
#else
    (void)dumpable;
    return ENOSYS;
#endif
}

int cprocess_get_dumpable(void) {
#if defined(__linux__)
    return prctl(PR_GET_DUMPABLE, 0UL, 0UL, 0UL, 0UL);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int cprocess_spawn_closefrom(posix_spawn_file_actions_t *actions, int from) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    return posix_spawn_file_actions_addclosefrom_np(actions, from);
#else
    (void)actions;
    (void)from;
    return ENOSYS;
#endif
}
