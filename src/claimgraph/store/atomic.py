"""Replacing a folder all at once: write a new one beside it, then swap.

A failure while writing leaves the old folder as it was and no partial output.

The staging folder (``.NAME.staging-PID-XXXXXXXX``) and the retired old folder
(``.NAME.retired-PID-XXXXXXXX``) are locked (``flock``) while in use. A process
killed outright (SIGKILL, a power cut) cannot remove them, but the kernel drops
its locks: the next replacement of the same folder removes those it can lock.

Once swapped, the old folder is renamed ``.NAME.discarded-PID-XXXXXXXX`` and
removed by a process of its own, which holds its lock until done: freeing a
build's dumps (1.5 GB at 10,000 articles) takes the file system a third of a
second, which the command that replaced them need not wait for. A discarded
folder is never put back; one left behind is removed by the next replacement.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows
    fcntl = None  # type: ignore[assignment]

STAGING, RETIRED, DISCARDED = "staging", "retired", "discarded"


def _lock(folder: Path) -> int | None:
    """An open descriptor of ``folder`` holding an exclusive lock on it, or
    ``None`` if another process holds one (or the folder is gone)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return None
    if fcntl is None:  # pragma: no cover
        return fd
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _temporary(target: Path, kind: str) -> tuple[Path, int]:
    """A new, locked, empty folder beside ``target``, named for ``kind``."""
    path = Path(tempfile.mkdtemp(prefix=f".{target.name}.{kind}-{os.getpid()}-", dir=target.parent))
    fd = _lock(path)
    assert fd is not None  # just made: no one else knows it
    return path, fd


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists, owned by someone else
    return True


def remove_stale(target: Path) -> list[Path]:
    """Remove the staging and retired folders of ``target`` that a killed
    process left beside it (those no live process holds the lock of); return
    them. A retired folder left without a ``target`` (the process was killed
    between its two renames) is the last output: it is put back."""
    kinds = f"{STAGING}|{RETIRED}|{DISCARDED}"
    # exactly the names :func:`_temporary` makes (mkdtemp's 8 characters): no other is touched
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(?:{kinds})-(\d+)-[a-z0-9_]{{8}}")
    removed = []
    try:
        entries = list(target.parent.iterdir())
    except OSError:
        return []
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None or entry.is_symlink() or not entry.is_dir():
            continue
        if fcntl is None and _pid_alive(int(match.group(1))):  # pragma: no cover
            continue
        fd = _lock(entry)
        if fd is None:
            continue  # in use
        try:
            if entry.name.startswith(f".{target.name}.{RETIRED}-") and not target.exists():
                entry.rename(target)  # killed between its two renames: the last output
                continue
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
        finally:
            os.close(fd)
    return removed


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield an empty staging folder beside ``target``; when the block succeeds,
    the staging folder replaces ``target`` (renames, on the same file system)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    staging, staging_fd = _temporary(target, STAGING)
    try:
        yield staging
        if target.exists():
            retired, placeholder_fd = _temporary(target, RETIRED)
            os.close(placeholder_fd)
            retired.rmdir()
            retired_fd = _lock(target)  # the lock follows the folder, renamed
            try:
                target.rename(retired)
                staging.rename(target)
                _discard(target, retired, retired_fd)
            finally:
                if retired_fd is not None:
                    os.close(retired_fd)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        with suppress(OSError):
            os.close(staging_fd)


# The processes removing discarded folders (see :func:`settle`).
_removing: list[int] = []

_REMOVE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def _discard(target: Path, retired: Path, fd: int | None) -> None:
    """Remove ``retired`` (locked by ``fd``), the folder that was ``target``
    until a replacement swapped it out: renamed as discarded (never put
    back), then removed by a process of its own that inherits the lock;
    here, if no process can be started."""
    try:
        discarded, placeholder_fd = _temporary(target, DISCARDED)
        os.close(placeholder_fd)
        discarded.rmdir()
        retired.rename(discarded)
    except OSError:
        discarded = retired
    _reap()
    if fd is not None and fd > 2 and sys.executable and hasattr(os, "posix_spawn"):
        lock = 3 if fd != 3 else 4  # the lock's descriptor in the child (dup2 keeps it open)
        try:
            pid = os.posix_spawn(
                sys.executable,
                [sys.executable, "-I", "-S", "-c", _REMOVE, str(discarded)],
                os.environ,
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                    (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
                    (os.POSIX_SPAWN_DUP2, fd, lock),
                ],
                setsid=True,  # not stopped by the terminal's Ctrl-C
            )
        except OSError:
            pass
        else:
            _removing.append(pid)
            return
    shutil.rmtree(discarded, ignore_errors=True)


def _reap(block: bool = False) -> None:
    """Collect the removing processes that ended (all of them, waiting, with
    ``block``), so that a long-lived process leaves no zombies behind."""
    for pid in list(_removing):
        try:
            done, _ = os.waitpid(pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            _removing.remove(pid)


def settle() -> None:
    """Wait until the folders this process discarded are removed."""
    _reap(block=True)
