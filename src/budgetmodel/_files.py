"""Writing files so that a failure never leaves a half-written or lost file.

Every file is written under a hidden temporary name in its target folder and
renamed over the target when complete. Inside `output_set`, the renames
wait until every file of the set is written, and then happen together: on any
failure no new file is left and every earlier output is as it was. An output
set also takes a lock on each target (two runs never write one output) and
removes temporary files that this tool left behind in a run that was killed.
"""

from __future__ import annotations

import contextvars
import errno
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = [
    "STALE_SECONDS",
    "OutputLocked",
    "OutputSet",
    "active_set",
    "atomic_path",
    "atomic_write",
    "clean_stale",
    "describe_os_error",
    "make_dirs",
    "output_set",
]

#: A temporary file of this tool older than this, whose process is gone, is removed.
STALE_SECONDS = 3600
_TEMP = re.compile(r"^\..+-bm(?P<pid>\d+)-[0-9a-f]{8}(\.[A-Za-z0-9]{1,5})?$")
# Temporary names of earlier versions carried no process id: removed once stale.
_OLD_TEMP = re.compile(r"^\..+-[0-9a-f]{12}\.(xlsx|csv|png|svg|pdf)$")
_LOCK_SUFFIX = ".budgetmodel-lock"


class OutputLocked(Exception):
    """Another run is writing the same output.

    (A plain exception: this module depends on nothing else of the package.)
    """


class OutputSet:
    """The files of one run, renamed into place together (see `output_set`)."""

    def __init__(self) -> None:
        self.owner = os.getpid()
        self.pending: dict[Path, Path] = {}  # final -> temporary
        self.created: list[Path] = []  # folders this set made, deepest last

    def add(self, tmp: Path, final: Path) -> None:
        earlier = self.pending.pop(final, None)
        if earlier is not None and earlier != tmp:
            earlier.unlink(missing_ok=True)
        self.pending[final] = tmp

    def commit(self) -> None:
        """Rename every file into place; on failure, put every earlier file back."""
        backups: dict[Path, Path] = {}
        done: list[Path] = []
        try:
            for final, tmp in self.pending.items():
                if final.exists():
                    backup = final.with_name(_temp_name(final, self.owner, ".bak"))
                    try:
                        os.link(final, backup)
                        backups[final] = backup
                    except OSError:
                        pass  # no hard links here: the file is replaced without a copy
                os.replace(tmp, final)
                done.append(final)
        except BaseException:
            for final in reversed(done):
                try:
                    if final in backups:
                        os.replace(backups.pop(final), final)
                    else:
                        final.unlink(missing_ok=True)
                except OSError:
                    pass
            self.discard()
            raise
        finally:
            for backup in backups.values():
                backup.unlink(missing_ok=True)
        self.pending.clear()

    def discard(self) -> None:
        """Remove every temporary file, and the folders this set made if left empty."""
        for tmp in self.pending.values():
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
        self.pending.clear()
        for folder in reversed(self.created):
            try:
                folder.rmdir()
            except OSError:
                pass


_ACTIVE: contextvars.ContextVar[OutputSet | None] = contextvars.ContextVar(
    "budgetmodel_output_set", default=None
)


def active_set() -> OutputSet | None:
    """The output set being written, if any."""
    return _ACTIVE.get()


def _temp_name(final: Path, pid: int, suffix: str | None = None) -> str:
    return (
        f".{final.stem}-bm{pid}-{uuid.uuid4().hex[:8]}{final.suffix if suffix is None else suffix}"
    )


def make_dirs(folder: str | os.PathLike[str]) -> Path:
    """``mkdir -p``; inside an output set, folders it makes are removed again on failure."""
    path = Path(folder)
    missing = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    path.mkdir(parents=True, exist_ok=True)
    current = active_set()
    if current is not None:
        current.created += reversed(missing)
    return path


@contextmanager
def atomic_path(target: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside ``target``, renamed over it if the block completes.

    The temporary file is hidden, unique to this writer and created like any
    other file (so it gets the user's umask); on failure it is removed and any
    previous ``target`` is left untouched. Inside `output_set` the rename
    waits for the rest of the set.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with atomic_path(folder / "a.txt") as tmp:
    ...     _ = tmp.write_text("done")
    >>> (folder / "a.txt").read_text(), sorted(p.name for p in folder.iterdir())
    ('done', ['a.txt'])
    """
    final = Path(target)
    current = active_set()
    tmp = final.with_name(_temp_name(final, current.owner if current else os.getpid()))
    try:
        yield tmp
        if current is not None:
            current.add(tmp, final)
        else:
            os.replace(tmp, final)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_write(target: str | os.PathLike[str], write: Callable[[IO[bytes]], object]) -> Path:
    """Call ``write`` with a binary handle and put the result at ``target`` atomically."""
    with atomic_path(target) as tmp:
        with open(tmp, "xb") as handle:
            write(handle)
    return Path(target)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    except (OverflowError, OSError):
        return False
    return True


def clean_stale(folder: str | os.PathLike[str], *, now: float | None = None) -> list[Path]:
    """Remove this tool's temporary files in ``folder`` left by runs that are gone.

    A temporary file is removed when the process that wrote it has ended, or when
    it is older than `STALE_SECONDS` and names no process. Other files are
    never touched.

    Returns
    -------
    list of pathlib.Path
        The files removed.
    """
    removed: list[Path] = []
    now = time.time() if now is None else now
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not entry.name.startswith(".") or not entry.is_file(follow_symlinks=False):
            continue
        match = _TEMP.match(entry.name)
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        if match is not None:
            stale = not _alive(int(match["pid"])) or age > 24 * STALE_SECONDS
        else:
            stale = _OLD_TEMP.match(entry.name) is not None and age > STALE_SECONDS
        if stale:
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed


def _lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}{_LOCK_SUFFIX}"


def _acquire(target: Path) -> Path:
    lock = _lock_path(target)
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            try:
                pid = int(lock.read_text().split()[0])
            except (OSError, ValueError, IndexError):
                pid = 0
            if pid and _alive(pid):
                raise OutputLocked(
                    f"another budgetmodel run (process {pid}) is writing {target}; wait for "
                    f"it to finish (or, if no run is going, delete {lock})"
                ) from None
            lock.unlink(missing_ok=True)  # left by a run that was killed
            continue
        with os.fdopen(fd, "w") as handle:
            handle.write(f"{os.getpid()}\n")
        return lock
    raise OutputLocked(f"could not lock {target} ({lock} keeps reappearing)")


@contextmanager
def output_set(targets: Sequence[str | os.PathLike[str]]) -> Iterator[OutputSet]:
    """Write the files of one run as a set: all of them, or none.

    Parameters
    ----------
    targets : sequence of path
        The outputs (files or folders) the run writes. Each is locked against a
        second run for the duration, and stale temporary files of this tool in
        their folders are removed first.

    Raises
    ------
    OutputLocked
        If another run holds the lock of one of the targets.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> try:
    ...     with output_set([folder / "a.txt", folder / "b.txt"]):
    ...         _ = atomic_write(folder / "a.txt", lambda h: h.write(b"a"))
    ...         raise RuntimeError("the second file fails")
    ... except RuntimeError:
    ...     pass
    >>> sorted(p.name for p in folder.iterdir())  # nothing of the failed set is left
    []
    """
    if active_set() is not None:
        raise RuntimeError("output sets cannot be nested")
    outputs = OutputSet()
    token = _ACTIVE.set(outputs)
    locks: list[Path] = []
    try:
        for target in dict.fromkeys(Path(t).absolute() for t in targets):
            make_dirs(target.parent)
            locks.append(_acquire(target))
            clean_stale(target.parent)
            if target.is_dir():
                clean_stale(target)
        yield outputs
        outputs.commit()
    except BaseException:
        outputs.discard()
        raise
    finally:
        _ACTIVE.reset(token)
        for lock in locks:
            try:
                lock.unlink(missing_ok=True)
            except OSError:
                pass
        for folder in reversed(outputs.created):  # made for a lock, never written to
            try:
                folder.rmdir()
            except OSError:
                pass


def describe_os_error(err: BaseException) -> str | None:
    """One line for a disk or permission error anywhere in ``err``'s causes, else None."""
    seen: BaseException | None = err
    while seen is not None:
        if isinstance(seen, OSError):
            where = f" ({seen.filename})" if seen.filename else ""
            reasons = {
                errno.ENOSPC: "no space left on the disk",
                errno.EDQUOT: "disk quota exceeded",
                errno.EACCES: "permission denied",
                errno.EPERM: "operation not permitted",
                errno.EROFS: "the file system is read-only",
            }
            reason = reasons.get(seen.errno or 0, seen.strerror or str(seen))
            return f"{reason}{where}"
        seen = seen.__cause__ or (None if seen.__suppress_context__ else seen.__context__)
    return None
