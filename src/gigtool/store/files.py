"""The one way gig writes files: private, exclusive, atomic, cleaned up.

Every file gig writes (the database, backups, receipt copies, exports) is first
written under a unique temporary name created exclusively (`O_EXCL`, never
through a symbolic link, mode 0600 whatever the umask) in the folder it is
meant for, flushed to disk, then given its final name in one step that never
overwrites: a hard link, or, where the file system has none, a rename onto a
name reserved exclusively a moment before. A failure at any point (a full disk
included) removes the temporary file. Folders gig makes are 0700.

Inside the data folder gig follows no symbolic link: a link planted where a
folder or file of gig's belongs is refused, and named.
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import os
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from gigtool.errors import Refused
from gigtool.store.home import DB_NAME

TEMP_PREFIX = ".gig-tmp-"
# Less room than this left on a disk: a failed write there is taken as the disk being full.
FULL_BELOW_BYTES = 1 << 20
FOLDER_MODE = 0o700
FILE_MODE = 0o600
# What gigs killed mid-write leave behind: the current temporary names, and those
# of older gigs (hidden export folders, `FILE.partial` backups, half-made databases).
LEFTOVER_PATTERNS = (f"{TEMP_PREFIX}*", ".gig-export-*", "*.partial", "gig.db.new-*")
# Outside the data folder (an export's or a backup's folder) only names nobody else uses.
OUTSIDE_PATTERNS = (f"{TEMP_PREFIX}*", ".gig-export-*")
# What os.link raises where a file system has no hard links (FAT, exFAT, some
# network shares).
NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.ENOSYS, errno.EMLINK}
)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


# --- paths the user typed --------------------------------------------------------------------


def user_path(text: str | os.PathLike[str]) -> Path:
    """A path as the user wrote it, `~` expanded; one clear error for `~nosuchuser`, a
    name too long or a folder that cannot be entered. The same reader as every path
    argument's (`inputs.read_path`), so they all say the same."""
    from gigtool.inputs import read_path

    return read_path(text)


def reason(exc: OSError, path: Path | None = None) -> str:
    """An OSError as a short phrase, naming the folder that cannot be entered."""
    if exc.errno in (errno.EACCES, errno.EPERM) and path is not None:
        return denied(path)
    if exc.errno == errno.ENOTDIR and path is not None:
        for parent in reversed(Path(os.path.abspath(path)).parents):
            if os.path.isfile(parent):
                return f"{parent} is a file, not a folder"
    if exc.errno == errno.ENOSPC:
        return "the disk is full (free some space, then try again)"
    if exc.errno == getattr(errno, "EDQUOT", None):
        return "your disk quota is used up (free some space, then try again)"
    return exc.strerror or str(exc)


def chmod_hint(path: Path, bits: str) -> str:
    """The command that gives the user back `path`: `chmod`, or, for a file or folder
    another user owns (a gig once run with sudo leaves root's), `chown`."""
    try:
        owner = os.stat(path).st_uid
    except OSError:
        owner = os.geteuid()
    if owner == os.geteuid():
        return f"`chmod {bits} {path}`"
    import pwd

    def name(uid: int) -> str:
        try:
            return pwd.getpwuid(uid).pw_name
        except KeyError:
            return str(uid)

    return f"it belongs to {name(owner)}: `sudo chown -R {name(os.geteuid())} {path}`"


def denied(path: Path) -> str:
    """What the user's permissions keep from `path`, and the command that gives it back:
    a folder above it that cannot be entered, the folder it is in (or would be made in)
    that is read-only, or the file itself."""
    blocked = unreachable(path)
    if blocked is not None:
        hint = chmod_hint(blocked, "u+rx")
        return f"permission denied: you cannot enter the folder {blocked} ({hint})"
    target = Path(os.path.abspath(path))
    while not os.path.lexists(target) and target.parent != target:
        target = target.parent
    try:
        is_folder = stat.S_ISDIR(os.stat(target).st_mode)
    except OSError:
        return f"permission denied on {path}"
    what = f"the folder {target}" if is_folder else str(target)
    if not os.access(target, os.R_OK):
        hint = chmod_hint(target, "u+rwx" if is_folder else "u+r")
        return f"permission denied: {what} is not readable for you ({hint})"
    if not os.access(target, os.W_OK):
        return f"permission denied: {what} is read-only for you ({chmod_hint(target, 'u+w')})"
    if not is_folder and not os.access(target.parent, os.W_OK):
        folder = target.parent
        hint = chmod_hint(folder, "u+w")
        return f"permission denied: the folder {folder} is read-only for you ({hint})"
    return f"permission denied on {path}"


def disk_full(folder: Path) -> bool:
    """Whether the disk holding `folder` has (next to) no room left: what SQLite reports
    as "database or disk is full", or, for its shared-memory file, as a "disk I/O error"."""
    try:
        st = os.statvfs(folder)
    except (OSError, AttributeError):
        return False
    return st.f_bavail * st.f_frsize < FULL_BELOW_BYTES


def unreachable(path: Path) -> Path | None:
    """The first folder above `path` that the user cannot enter, if any."""
    for parent in reversed(Path(os.path.abspath(path)).parents):
        try:
            if parent.is_dir() and not os.access(parent, os.X_OK):
                return parent
        except OSError:
            return parent
    return None


# --- links and privacy inside the data folder ------------------------------------------------


def _below(home: Path, path: Path) -> list[str] | None:
    try:
        return list(Path(os.path.abspath(path)).relative_to(os.path.abspath(home)).parts)
    except ValueError:
        return None


def refuse_links(home: Path, path: Path) -> None:
    """Refuse when any existing part of `path` below the data folder is a symbolic link."""
    parts = _below(home, path)
    if not parts:
        return
    current = Path(os.path.abspath(home))
    for part in parts:
        current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return
        except NotADirectoryError:
            raise Refused(
                f"{current.parent} is a file where gig keeps a folder; move it aside"
            ) from None
        except OSError as exc:
            raise Refused(f"cannot reach {current}: {reason(exc, current)}") from None
        if stat.S_ISLNK(mode):
            raise link_refused(home, current)


def refuse_gigs_own(home: Path, dest: Path, instead: str) -> None:
    """Refuse a file or folder the user asked for (a backup, an export) where it would be
    taken for one of gig's own: gig's database and the files SQLite keeps beside it (a
    `gig.db-journal` there is replayed into the database, then deleted), anything in
    receipts/ or trash/, a name gig gives its temporary files (removed after an hour),
    or a place reached through a link inside the data folder."""
    parts = _below(home, dest)
    patterns: tuple[str, ...]
    if parts is None:
        patterns = OUTSIDE_PATTERNS
    else:
        patterns = LEFTOVER_PATTERNS
        if parts:
            refuse_links(home, dest)
        first = parts[0] if parts else ""
        top = len(parts) == 1
        if (
            first in ("receipts", "trash")
            or (top and first == "backups")
            or (top and (first == DB_NAME or first.startswith(f"{DB_NAME}-")))
        ):
            raise Refused(f"{dest} is where gig keeps its own files; {instead}")
    if any(fnmatch.fnmatchcase(dest.name, pattern) for pattern in patterns):
        raise Refused(
            f"{dest.name} is a name gig gives its temporary files, and removes them after "
            f"an hour; {instead}"
        )


def removable(path: Path) -> None:
    """Refuse before a move (a rename, or a file sent to trash) when the old name could
    not be removed afterwards: the file would stay behind as a second copy nobody refers
    to, after gig had said it was moved."""
    folder = path.parent
    if os.access(folder, os.W_OK | os.X_OK):
        return
    try:
        mode = stat.filemode(os.stat(folder).st_mode)
    except OSError:
        mode = "?"
    raise Refused(
        f"cannot move {path.name} out of {folder}: the folder is read-only for you "
        f"({mode}; `chmod u+w {folder}`). Nothing was changed; fix the permissions and "
        "try again"
    )


def kind_of(mode: int) -> str:
    """What something that is not a regular file is, in words."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
    )
    return next((name for test, name in kinds if test(mode)), "not a regular file")


def not_a_file(path: Path, mode: int) -> Refused:
    """A folder, FIFO, socket or device where gig keeps a file of its own."""
    kind = kind_of(mode)
    return Refused(
        f"{path} is {kind} where gig keeps a file of its own; nothing was changed. "
        "Move it aside, then try again"
    )


def link_refused(home: Path, link: Path) -> Refused:
    return Refused(
        f"{link} is a symbolic link; gig never follows links inside its data folder {home}. "
        "Put a real folder or file there (move what the link points to), then try again"
    )


def private_folder(home: Path, folder: Path) -> Path:
    """`folder` (inside `home`, or `home` itself) made if missing, 0700, no links in it."""
    refuse_links(home, folder)
    parts = _below(home, folder) or []
    current = Path(os.path.abspath(home))
    try:
        make_folder(home)
        for part in parts:
            current = current / part
            try:
                os.mkdir(current, FOLDER_MODE)
            except FileExistsError:
                mode = os.lstat(current).st_mode
                if stat.S_ISLNK(mode):  # appeared meanwhile
                    raise link_refused(home, current) from None
                if not stat.S_ISDIR(mode):
                    raise Refused(
                        f"{current} is a file where gig keeps a folder; move it aside"
                    ) from None
                continue
            os.chmod(current, FOLDER_MODE)  # whatever the umask
    except OSError as exc:
        raise Refused(f"cannot make the folder {current}: {reason(exc, current)}") from None
    return folder


def make_folder(folder: Path) -> Path:
    """A folder outside the data folder (an export's, a backup's): made private if missing."""
    missing = []
    current = Path(os.path.abspath(folder))
    while not os.path.lexists(current):
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        try:
            os.mkdir(path, FOLDER_MODE)
        except FileExistsError:
            continue
        os.chmod(path, FOLDER_MODE)
    return folder


def tighten(path: Path, private: int) -> None:
    """Take group and other permissions off a file or folder of gig's that we own."""
    with contextlib.suppress(OSError):
        st = os.stat(path)
        if st.st_mode & 0o077 and st.st_uid == os.geteuid():
            os.chmod(path, stat.S_IMODE(st.st_mode) & private)


def tighten_tree(home: Path) -> None:
    """Close a data folder left open to others: the folder, gig's database and gig's own
    folders (backups, receipts, trash) lose every group and other permission; nothing
    else in it is touched, no link is followed, and no file that has a second name.
    Run when gig finds the folder open."""
    tighten(home, FOLDER_MODE)
    for name in ("gig.db", "gig.db-wal", "gig.db-shm"):
        with contextlib.suppress(OSError):
            if stat.S_ISREG(os.lstat(home / name).st_mode):
                tighten(home / name, FOLDER_MODE)
    for top in ("backups", "receipts", "trash"):
        with contextlib.suppress(OSError):
            if not stat.S_ISDIR(os.lstat(home / top).st_mode):
                continue
        for folder, _, names in os.walk(home / top):  # does not descend into links
            tighten(Path(folder), FOLDER_MODE)
            for name in names:
                path = Path(folder, name)
                with contextlib.suppress(OSError):
                    st = os.lstat(path)
                    # A file with a second name (a hard link) may be one outside too.
                    if stat.S_ISREG(st.st_mode) and st.st_nlink == 1:
                        tighten(path, FOLDER_MODE)  # the owner's own bits are kept


# --- writing ---------------------------------------------------------------------------------


def create_exclusive(path: Path) -> int:
    """A new file at `path`, mode 0600; FileExistsError if anything (a link too) is there."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # a umask can take bits away, and we want exactly these
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextlib.contextmanager
def new_file(path: Path) -> Iterator[BinaryIO]:
    """A new private file inside a work folder of gig's (placed later as a whole), flushed
    to disk when the writing is done; FileExistsError if anything is at `path`."""
    with os.fdopen(create_exclusive(path), "wb") as fh:
        yield fh
        fh.flush()
        os.fsync(fh.fileno())


def new_temp(folder: Path, suffix: str = "") -> tuple[Path, int]:
    """A unique temporary file in `folder`, created exclusively; its path and descriptor."""
    for _ in range(100):
        path = folder / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}{suffix}"
        try:
            return path, create_exclusive(path)
        except FileExistsError:
            continue
    raise Refused(f"cannot find a free temporary name in {folder}")


def new_temp_folder(folder: Path) -> Path:
    """A unique private work folder in `folder`."""
    for _ in range(100):
        path = folder / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(6)}"
        try:
            os.mkdir(path, FOLDER_MODE)
        except FileExistsError:
            continue
        os.chmod(path, FOLDER_MODE)
        return path
    raise Refused(f"cannot find a free temporary name in {folder}")


@contextlib.contextmanager
def atomic_file(dest: Path) -> Iterator[BinaryIO]:
    """Write `dest` whole or not at all, never over an existing file (FileExistsError).

    The caller writes into the yielded file; on success it is flushed to disk and
    linked into place; on any failure the temporary file is removed."""
    temp, fd = new_temp(dest.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        place_new(temp, dest)
    finally:
        discard(temp)


def finish(temp: Path) -> None:
    """Flush a temporary file written by someone else (SQLite) to disk."""
    fd = os.open(temp, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def place_new(temp: Path, dest: Path, *, keep: bool = False) -> None:
    """Give a finished file its final name without ever overwriting one: a hard link, or,
    where there are none, a rename onto a name reserved exclusively just before. Raises
    FileExistsError when `dest` is taken. With `keep`, `temp` stays (as a second name, or
    as a copy where links are impossible)."""
    try:
        os.link(temp, dest)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in NO_HARD_LINKS:
            raise
        _place_without_links(temp, dest, keep=keep)
    else:
        if not keep:
            discard(temp)
    sync_folder(dest.parent)


def _place_without_links(temp: Path, dest: Path, *, keep: bool) -> None:
    import shutil

    os.close(create_exclusive(dest))  # the name is ours now, or FileExistsError
    try:
        if keep:
            flags = os.O_WRONLY | _NOFOLLOW | _CLOEXEC
            with open(temp, "rb") as src, os.fdopen(os.open(dest, flags), "wb") as dst:
                shutil.copyfileobj(src, dst)
                dst.flush()
                os.fsync(dst.fileno())
        else:
            os.replace(temp, dest)  # onto our own reservation only
    except BaseException:
        discard(dest)
        raise


def place_folder(work: Path, dest: Path) -> None:
    """Move a finished folder to `dest`, never over an existing one (FileExistsError):
    `dest` is reserved as an empty folder first, and a rename replaces only an empty one."""
    os.mkdir(dest, FOLDER_MODE)
    try:
        os.rename(work, dest)
    except BaseException:
        with contextlib.suppress(OSError):
            os.rmdir(dest)
        raise
    sync_folder(dest.parent)


def sync_folder(folder: Path) -> None:
    """Make a new name in `folder` survive a power cut (where the system allows it)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
