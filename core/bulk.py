"""Bulk writes (an undo, an import) say so, so that receivers working record by record (the search index)
can wait for the one ``post_import`` signal the write sends at its end, instead of running once per row."""

import threading
from contextlib import contextmanager

_state = threading.local()


@contextmanager
def bulk_write():
    depth = getattr(_state, "depth", 0)
    _state.depth = depth + 1
    try:
        yield
    finally:
        _state.depth = depth


def in_bulk_write():
    return getattr(_state, "depth", 0) > 0
