"""A generator run in a child process that can open no file or socket, stopped at a deadline."""

from __future__ import annotations

import multiprocessing
import os
import time
import traceback
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any

from kg.model import KgError

try:
    import resource
except ImportError:  # no descriptor limits to lower (Windows)
    resource = None  # type: ignore[assignment]

# fork hands the child what the parent has already imported; spawn only where there is no fork.
_CONTEXT = multiprocessing.get_context(
    "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
)
# A child holds a handful of descriptors, numbered from 0: this bounds the search for them.
_HIGHEST_PROBED = 4096


class ChildDied(Exception):
    """The child process ended without saying it was done (killed, out of memory)."""


def can_seal() -> bool:
    """Whether this system lets a process give up opening files and sockets."""
    return resource is not None


def seal() -> None:
    """From here on this process can open no file and no socket, whatever code asks.

    A new descriptor takes the lowest free number under the limit: every free
    number below the highest one in use is filled and the limit lowered to just
    above it, so open(), socket() and the like fail with EMFILE. The hard limit
    goes down too, so nothing in the process can raise it back.
    """
    if resource is None:
        return
    filler = os.open(os.devnull, os.O_RDONLY)
    top = max(fd for fd in range(_HIGHEST_PROBED) if _is_open(fd))
    for fd in range(top):
        if not _is_open(fd):
            os.dup2(filler, fd, inheritable=False)
    resource.setrlimit(resource.RLIMIT_NOFILE, (top + 1, top + 1))


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def stream_from_child(
    produce: Callable[..., Iterator[Any]], args: tuple, timeout: float
) -> Iterator[Any]:
    """The items `produce(*args)` yields, computed in a child process.

    Raises TimeoutError once `timeout` seconds have passed, KgError when the child
    raised one, ChildDied when it vanished. Passing the deadline or closing this
    generator kills the child, which gives back all the memory its work took.
    """
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    child = _CONTEXT.Process(target=_serve, args=(sender, produce, args), daemon=True)
    deadline = time.monotonic() + timeout
    child.start()
    sender.close()  # the child holds the only writing end: its death ends the stream
    try:
        while True:
            kind, value = _receive(receiver, deadline)
            if kind == "item":
                yield value
            elif kind == "done":
                return
            elif kind == "error":
                raise KgError(value)
            else:
                raise RuntimeError(f"the child process failed:\n{value}")
    except EOFError:
        child.join()
        raise ChildDied(f"exit status {child.exitcode}") from None
    finally:
        child.kill()  # before the pipe closes, so the child never writes into a closed pipe
        child.join()
        receiver.close()


def _receive(receiver: Connection, deadline: float) -> tuple[str, Any]:
    # The deadline is checked before each message, not only while waiting: a child
    # that keeps sending would otherwise never be stopped.
    remaining = deadline - time.monotonic()
    if remaining <= 0 or not receiver.poll(remaining):
        raise TimeoutError
    return receiver.recv()


def _serve(sender: Connection, produce: Callable[..., Iterator[Any]], args: tuple) -> None:
    """In the child: send each item, then "done", or the error that stopped it."""
    try:
        for item in produce(*args):
            sender.send(("item", item))
        sender.send(("done", None))
    except KgError as exc:
        sender.send(("error", str(exc)))
    except Exception:
        sender.send(("crash", traceback.format_exc()))
