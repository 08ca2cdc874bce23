"""A build's exports as one set, switched in by one rename, and the lock that lets one build write.

The paths a user opens (OUT.ttl, OUT.trig and the page) are symlinks that stay
in place from one build to the next, each pointing into `.OUT-exports/current/`;
`current` is itself a symlink to the folder of the newest complete set. A build
writes a new folder and then replaces `current` with one rename, which POSIX
makes atomic on Linux and macOS alike: a reader opens the old set or the new
one, never a mix, and a build killed at any moment leaves the last complete set
where it was. A manifest naming the current files would have needed every
reader to follow it; a symlink is followed by every program, so `exports/kg.ttl`
stays the file a user opens, validates or copies.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from kg.model import KgError
from kg.store import file_mode, leftover_temps

CURRENT = "current"
RECORD = "build.json"  # in each set: what it was built from and what it holds
LOCK = "lock"
LOCK_WAIT = 3.0  # seconds a second build waits for the first to finish before giving up


@dataclass(frozen=True)
class ExportSet:
    """The files of one build's set (OUT.ttl, OUT.trig, maybe the page) and where sets are kept."""

    out: Path
    names: tuple[str, ...]

    @property
    def folder(self) -> Path:
        return self.out.parent

    @property
    def home(self) -> Path:
        """The hidden folder holding every set, the `current` link and the lock."""
        return exports_home(self.out)

    @property
    def current(self) -> Path:
        return self.home / CURRENT

    @property
    def user_paths(self) -> list[Path]:
        return [self.folder / name for name in self.names]

    def link_text(self, name: str) -> str:
        # Relative, so a copied or moved output folder keeps working.
        return f"{self.home.name}/{CURRENT}/{name}"


def exports_home(out: Path) -> Path:
    return out.parent / f".{out.stem}-exports"


def has_current_set(out: Path) -> bool:
    """Whether OUT has a set built before, which a build that is not fresh may keep or build
    on (a quick look, outside the lock: it only decides whether to start workers early)."""
    return (exports_home(out) / CURRENT / RECORD).is_file()


def parses_everything(out: Path, incremental: bool) -> bool:
    """Whether a build of OUT is likely to parse every article: a fresh one, or the first."""
    return not incremental or not has_current_set(out)


@contextmanager
def build_lock(out: Path) -> Iterator[None]:
    """Hold the lock on OUT's exports and cache for the whole build.

    flock belongs to the open file: the system drops it when the process ends,
    however it ends, so a killed build never leaves a stale lock behind.
    """
    home = exports_home(out)
    with refused_as_user_error(out.parent):
        home.mkdir(parents=True, exist_ok=True)
        handle = os.open(home / LOCK, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        _acquire(handle, out.parent, LOCK_WAIT)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _acquire(handle: int, folder: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise KgError(
                    f"another build is writing {folder}/; wait for it or use another -o"
                ) from None
            time.sleep(0.1)


def current_record(exports: ExportSet) -> dict | None:
    """The record of the current set, when every path of the set still leads into it."""
    try:
        record = json.loads((exports.current / RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    for path in exports.user_paths:
        if not (path.is_symlink() and os.readlink(path) == exports.link_text(path.name)):
            return None
        if not path.is_file():
            return None
    return record if isinstance(record, dict) else None


def write_record(folder: Path, record: dict) -> None:
    (folder / RECORD).write_text(json.dumps(record, indent=1, sort_keys=True), encoding="utf-8")


def remove_leftovers(exports: ExportSet) -> None:
    """Remove what killed builds left: unfinished and replaced sets, temporary links and files.

    Run only under the build lock, so nothing removed here is being written.
    """
    if exports.home.is_dir():
        keep = {CURRENT, LOCK, _current_set_name(exports)}
        for entry in exports.home.iterdir():
            if entry.name not in keep:
                _remove(entry)
    for name in exports.names:
        for temp in leftover_temps(exports.folder, re.escape(name)):
            temp.unlink(missing_ok=True)


def _current_set_name(exports: ExportSet) -> str | None:
    try:
        return os.readlink(exports.current)
    except OSError:
        return None


def _remove(entry: Path) -> None:
    if entry.is_dir() and not entry.is_symlink():
        shutil.rmtree(entry, ignore_errors=True)
    else:
        entry.unlink(missing_ok=True)


@contextmanager
def new_set(exports: ExportSet) -> Iterator[Path]:
    """A fresh folder to write every file of the set into; once complete it becomes current.

    If writing fails the folder is dropped and the current set stays as it was.
    """
    with refused_as_user_error(exports.home):
        folder = _set_folder(exports)
    try:
        yield folder
        _check_complete(exports, folder)
        with refused_as_user_error(exports.folder):
            _sync(folder)  # the files' names are on disk before anything points at them
            _link_user_paths(exports)
            _switch(exports, folder)
    except BaseException:
        if _current_set_name(exports) != folder.name:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    remove_leftovers(exports)  # the replaced set; readers that opened it keep their files


@contextmanager
def refused_as_user_error(folder: Path) -> Iterator[None]:
    """A folder that refuses a file, link or rename (read-only, full, no symlinks) is the user's."""
    try:
        yield
    except OSError as exc:
        raise KgError(f"{folder}: cannot write here: {exc.strerror or exc}") from exc


def _set_folder(exports: ExportSet) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="set-", dir=exports.home))
    os.chmod(folder, file_mode(0o777))  # mkdtemp makes folders private; exports are not
    return folder


def _check_complete(exports: ExportSet, folder: Path) -> None:
    missing = [name for name in exports.names if not (folder / name).is_file()]
    if missing:
        raise RuntimeError(f"export set {folder} lacks {', '.join(missing)}")


def _link_user_paths(exports: ExportSet) -> None:
    """Make each path a user opens a link into the current set; later builds find them in place."""
    _adopt_plain_files(exports)
    for path in exports.user_paths:
        target = exports.link_text(path.name)
        if not (path.is_symlink() and os.readlink(path) == target):
            _replace_with_link(exports, path, target)


def _adopt_plain_files(exports: ExportSet) -> None:
    """Exports written as plain files (by an earlier version) become the current set first.

    Each path then shows the same bytes before and after it turns into a link,
    so even the first build of this layout never shows a mix.
    """
    plain = [p for p in exports.user_paths if p.is_file() and not p.is_symlink()]
    if not plain or exports.current.is_symlink():
        return
    folder = _set_folder(exports)
    for path in plain:
        shutil.copyfile(path, folder / path.name)
    _sync(folder)
    _switch(exports, folder)


def _replace_with_link(exports: ExportSet, path: Path, target: str) -> None:
    # Made in the sets' folder, where a leftover is cleaned, then renamed over the old path.
    temp = exports.home / f"link.{secrets.token_hex(4)}.tmp"
    os.symlink(target, temp)
    try:
        os.replace(temp, path)
    except OSError:
        temp.unlink()
        raise


def _switch(exports: ExportSet, folder: Path) -> None:
    """Point `current` at the folder with one rename: readers see the old set or the new."""
    temp = exports.home / f"{CURRENT}.{secrets.token_hex(4)}.tmp"
    os.symlink(folder.name, temp)
    os.replace(temp, exports.current)
    _sync(exports.home)


def _sync(folder: Path) -> None:
    """Flush a folder's entries, so a crash of the machine cannot undo a rename in it."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
