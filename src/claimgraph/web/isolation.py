"""What the operating system enforces on a query process, whatever a query says.

A query process (see ``queryproc``) calls these first, while it is still
single-threaded, before it opens the store:

* ``isolate_network``: the process moves into a network namespace of its own,
  with no interface but a loopback that is down, so nothing it does (a
  ``SERVICE`` or ``LOAD`` the query check missed, a DNS lookup) can reach any
  address. Tried directly (root, or ``CAP_SYS_ADMIN``), then inside a user
  namespace of its own (unprivileged, where the kernel allows it); if neither
  works, Landlock (Linux 6.7 and later) denies every TCP connection instead.
  Sockets opened before (the pipe to the serving process) keep working.
* ``limit_memory``: ``RLIMIT_AS`` caps the process's address space at what it
  uses once ready (store open, evaluation thread's stack reserved) plus the
  limit; an allocation past it fails, which ends the process, and the serving
  process answers that query with a 503 naming the limit.

Each returns a sentence saying what is in force, for the start-up line.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import resource
import signal
import socket

CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
PR_SET_NO_NEW_PRIVS = 38
PR_SET_PDEATHSIG = 1

# Landlock (linux/landlock.h): a ruleset that handles TCP connect and bind, with
# no rule allowing any port, denies them all.
SYS_LANDLOCK_CREATE_RULESET = 444
SYS_LANDLOCK_RESTRICT_SELF = 446
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_ACCESS_NET_BIND_TCP = 1 << 0
LANDLOCK_ACCESS_NET_CONNECT_TCP = 1 << 1


class _LandlockRulesetAttr(ctypes.Structure):
    _fields_ = [
        ("handled_access_fs", ctypes.c_uint64),
        ("handled_access_net", ctypes.c_uint64),
    ]


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


def _unshare(flags: int) -> bool:
    return bool(_libc().unshare(flags) == 0)


def _write_id_maps(uid: int, gid: int) -> None:
    """Map this process's own ids into its new user namespace, so that files keep
    their owners as it sees them."""
    with open("/proc/self/setgroups", "w") as setgroups:
        setgroups.write("deny")
    with open("/proc/self/uid_map", "w") as uid_map:
        uid_map.write(f"{uid} {uid} 1")
    with open("/proc/self/gid_map", "w") as gid_map:
        gid_map.write(f"{gid} {gid} 1")


def _landlock_no_tcp() -> bool:
    libc = _libc()
    syscall = libc.syscall
    syscall.restype = ctypes.c_long
    abi = syscall(SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                  ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))  # fmt: skip
    if abi < 4:  # network rules came with ABI 4 (Linux 6.7)
        return False
    attr = _LandlockRulesetAttr(0, LANDLOCK_ACCESS_NET_BIND_TCP | LANDLOCK_ACCESS_NET_CONNECT_TCP)
    ruleset = syscall(SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr),
                      ctypes.c_size_t(ctypes.sizeof(attr)), ctypes.c_uint32(0))  # fmt: skip
    if ruleset < 0:
        return False
    try:
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return False
        restricted = syscall(SYS_LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0))
        return bool(restricted == 0)
    finally:
        os.close(ruleset)


def _cannot_connect() -> bool:
    """Whether a TCP connection to loopback now fails before reaching anything."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        try:
            probe.connect(("127.0.0.1", 9))
        except OSError as exc:  # unreachable / denied: isolated; refused: it got through
            return exc.errno in (errno.ENETUNREACH, errno.EACCES, errno.EPERM)
        return False


def isolate_network() -> str:
    """Cut this process off the network; say what does it (or that nothing could)."""
    uid, gid = os.getuid(), os.getgid()
    if _unshare(CLONE_NEWNET) and _cannot_connect():
        return "no network (a Linux network namespace of their own)"
    if _unshare(CLONE_NEWUSER | CLONE_NEWNET):
        _write_id_maps(uid, gid)
        if _cannot_connect():
            return "no network (Linux user and network namespaces of their own)"
    if _landlock_no_tcp() and _cannot_connect():
        return "no TCP connections (Landlock; DNS lookups are not blocked)"
    return (
        "NETWORK NOT CUT OFF: this system offers neither network namespaces nor Landlock, "
        "so only the query check keeps SERVICE and LOAD from calling out"
    )


def die_with_parent() -> None:
    """Be killed when the process that forked this one ends (for a query process,
    the fork server, which ends with its serving process), even mid-query."""
    _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() == 1:  # it already has
        os._exit(0)


def address_space() -> int:
    """This process's address space now, in bytes."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def limit_memory(limit: int) -> str:
    """Let this process allocate at most ``limit`` bytes more than it holds now."""
    cap = address_space() + limit
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    return f"{limit // 2**20} MiB of memory each (RLIMIT_AS)"
