"""Resolution's working state on disk, so that resolving an archive holds a bounded part
of its nodes, whatever the archive's size.

A `Shelf` maps keys to Python objects kept in an SQLite file: the objects last used
stay in memory, as themselves (the resolver changes them in place), and the rest
are pickled to the file. `KeyIndex` files numbers under integer keys (the blocking
keys' hashes) in the same file. SQLite keeps a few megabytes of its pages in
memory; the operating system's file cache does the rest.

The file is scratch: no journal, no syncing, deleted with its folder. A build keeps
it in its spill folder (kg.spill); `Shelves.in_memory()` serves small resolutions.
"""

from __future__ import annotations

import itertools
import pickle
import sqlite3
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Generic, TypeVar

V = TypeVar("V")

HELD = 4096  # objects each shelf keeps unpickled, the most recently used
PAGES_KIB = 16 * 1024  # SQLite's page cache for the whole file
BATCH = 500  # keys looked up in one query


DISK_REFUSALS = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_CANTOPEN", "SQLITE_READONLY")


def refused_by_disk(exc: sqlite3.Error) -> bool:
    """The error is the disk's (full, failing, read-only), not a mistake in a query."""
    return (getattr(exc, "sqlite_errorname", None) or "").startswith(DISK_REFUSALS)


class Shelves:
    """One scratch SQLite file holding several shelves and indexes."""

    def __init__(self, path: str | Path) -> None:
        self.db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        for pragma in ("journal_mode=OFF", "synchronous=OFF", f"cache_size=-{PAGES_KIB}",
                       "temp_store=FILE", "locking_mode=EXCLUSIVE"):  # fmt: skip
            self.db.execute(f"PRAGMA {pragma}")
        self.db.execute("BEGIN")
        self.names: set[str] = set()

    @classmethod
    def in_memory(cls) -> Shelves:
        return cls(":memory:")

    def shelf(self, name: str, held: int | None = None) -> Shelf:
        return Shelf(self, self.claim(name), HELD if held is None else held)

    def index(self, name: str) -> KeyIndex:
        return KeyIndex(self, self.claim(name))

    def claim(self, name: str) -> str:
        """The table of a new shelf, index or ranking (a name no SQL word can clash with)."""
        if not name.isidentifier() or name in self.names:
            raise ValueError(f"bad or repeated shelf name {name!r}")
        self.names.add(name)
        return f"kept_{name}"

    def close(self) -> None:
        self.db.close()


class Shelf(Generic[V]):
    """Objects by key (text or integer), the recently used ones held as themselves.

    An object given or got is the one held until it falls out of use; it is written
    back then, with whatever was changed in it. So a caller may change what it got,
    but must not keep it across other look-ups and expect it to stay the shelf's.
    """

    def __init__(self, shelves: Shelves, table: str, held: int) -> None:
        self.db, self.table, self.held = shelves.db, table, held
        self.db.execute(f"CREATE TABLE {table} (key PRIMARY KEY, value BLOB) WITHOUT ROWID")
        self.live: OrderedDict[Any, V] = OrderedDict()
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def __contains__(self, key: object) -> bool:
        return key in self.live or self._stored(key) is not None

    def get(self, key: Any) -> V | None:
        found = self.live.get(key)
        if found is not None:
            self.live.move_to_end(key)
            return found
        stored = self._stored(key)
        if stored is None:
            return None
        found = pickle.loads(stored)
        self._hold(key, found)
        return found

    def __getitem__(self, key: Any) -> V:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def add(self, key: Any, value: V) -> V:
        """File a new key's object (it is held, and counted)."""
        self.count += 1
        self._hold(key, value)
        return value

    def put(self, key: Any, value: V) -> None:
        """File an object in place of the key's present one."""
        self._hold(key, value)

    def __iter__(self) -> Iterator[Any]:
        """Every key, in order."""
        self.flush()
        last = None
        while True:
            page = self._keys_after(last)
            if not page:
                return
            yield from page
            last = page[-1]

    def _keys_after(self, last: Any) -> list[Any]:
        if last is None:
            query, values = f"SELECT key FROM {self.table} ORDER BY key LIMIT ?", (BATCH,)
        else:
            query = f"SELECT key FROM {self.table} WHERE key > ? ORDER BY key LIMIT ?"
            values = (last, BATCH)
        return [key for (key,) in self.db.execute(query, values)]

    def flush(self) -> None:
        """Write every held object back; they stay held."""
        self.db.executemany(
            f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?)",
            ((key, _pickled(value)) for key, value in self.live.items()),
        )

    def values(self) -> Iterator[V]:
        """Every object in key order: read them, do not change them."""
        return map(self.peek, self)

    def peek(self, key: Any) -> V:
        """The key's object to read, not to change: the held one, or a copy from the file
        (which is not held, so reading through a shelf does not write it back)."""
        found = self.live.get(key)
        if found is None:
            stored = self._stored(key)
            if stored is None:
                raise KeyError(key)
            found = pickle.loads(stored)
        return found

    def _stored(self, key: Any) -> bytes | None:
        row = self.db.execute(f"SELECT value FROM {self.table} WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def _hold(self, key: Any, value: V) -> None:
        self.live[key] = value
        self.live.move_to_end(key)
        if len(self.live) > self.held:
            old_key, old = self.live.popitem(last=False)
            self.db.execute(
                f"INSERT OR REPLACE INTO {self.table} VALUES (?, ?)", (old_key, _pickled(old))
            )


def _pickled(value: object) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class KeyIndex:
    """Numbers filed under integer keys, each (key, number) once."""

    def __init__(self, shelves: Shelves, table: str) -> None:
        self.db, self.table = shelves.db, table
        self.db.execute(
            f"CREATE TABLE {table} (key INTEGER, number INTEGER, PRIMARY KEY (key, number))"
            " WITHOUT ROWID"
        )

    def add(self, number: int, keys: Iterable[int]) -> None:
        self.db.executemany(
            f"INSERT OR IGNORE INTO {self.table} VALUES (?, ?)", ((k, number) for k in keys)
        )

    def found(self, keys: Iterable[int]) -> set[int]:
        """Every number filed under any of `keys`."""
        wanted, found = list(dict.fromkeys(keys)), set()
        for start in range(0, len(wanted), BATCH):
            part = wanted[start : start + BATCH]
            marks = ",".join("?" * len(part))
            query = f"SELECT number FROM {self.table} WHERE key IN ({marks})"
            found.update(number for (number,) in self.db.execute(query, part))
        return found


class Ranking:
    """Numbered things ranked by where each was first met (article, offset), then named
    in that order, each name once."""

    def __init__(self, shelves: Shelves, table: str) -> None:
        self.db, self.table = shelves.db, (table := shelves.claim(table))
        self.db.execute(
            f"CREATE TABLE {table} (number INTEGER PRIMARY KEY, article TEXT, start INTEGER,"
            " name TEXT UNIQUE)"
        )
        self.db.execute(f"CREATE TABLE {table}_rank (rank INTEGER PRIMARY KEY, number INTEGER)")

    def add(self, number: int, article: str, start: int) -> None:
        added = (number, article, start)
        self.db.execute(f"INSERT INTO {self.table} VALUES (?, ?, ?, NULL)", added)

    def rank(self) -> None:
        self.db.execute(f"DELETE FROM {self.table}_rank")
        self.db.execute(
            f"INSERT INTO {self.table}_rank (number)"
            f" SELECT number FROM {self.table} ORDER BY article, start, number"
        )

    def ranked(self) -> Iterator[int]:
        """The numbers by rank (call `rank` first)."""
        last = 0
        while True:
            page = self.db.execute(
                f"SELECT rank, number FROM {self.table}_rank WHERE rank > ? ORDER BY rank LIMIT ?",
                (last, BATCH),
            ).fetchall()
            if not page:
                return
            yield from (number for _, number in page)
            last = page[-1][0]

    def taken(self, name: str) -> bool:
        query = f"SELECT 1 FROM {self.table} WHERE name = ?"
        return self.db.execute(query, (name,)).fetchone() is not None

    def name(self, number: int, name: str) -> None:
        self.db.execute(f"UPDATE {self.table} SET name = ? WHERE number = ?", (name, number))

    def name_of(self, number: int) -> str:
        row = self.db.execute(f"SELECT name FROM {self.table} WHERE number = ?", (number,))
        return row.fetchone()[0]


class Listed(Generic[V]):
    """Read-only nodes in order, read from their shelf each time they are gone through."""

    def __init__(self, items: Callable[[], Iterator[V]], count: int) -> None:
        self.items, self.count = items, count

    def __iter__(self) -> Iterator[V]:
        return self.items()

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, place: int) -> V:
        if not -self.count <= place < self.count:
            raise IndexError(place)
        return next(itertools.islice(self.items(), place % self.count, None))
