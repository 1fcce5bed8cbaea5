"""A file on disk that the import engine reads as it reads bytes, without holding them in memory.

The engine reads a file's rows again at each pass rather than keeping them (``readers.DelimitedRows``,
``JSONRows``, ``WorksheetRows``), but a door that hands it the file's bytes keeps the whole file in memory for the
import's length: 82 MB for a million trade rows as CSV, 217 MB as JSON. The doors that have the file on disk (the
command line, the jobs worker) hand over a ``FileOnDisk`` instead: what the engine asks of the bytes (their size,
their first bytes, a slice to quote in an error, a search for a NUL, their hash) is read from the file, and each
pass opens it again (``binary_stream``). The operating system's page cache, not the process, then holds it.
"""

import hashlib
import io
from pathlib import Path

BLOCK_BYTES = 1 << 20


class FileOnDisk:
    """A file's bytes as the import engine uses them (see the module docstring); never changed while read."""

    def __init__(self, path):
        self.path = Path(path)
        self.size = self.path.stat().st_size

    def __len__(self):
        return self.size

    def __getitem__(self, index):
        """The bytes of a slice (``content[:64]``, ``content[3:]``), read from the file."""
        if not isinstance(index, slice):
            raise TypeError("a file on disk is read by slices")
        start, stop, step = index.indices(self.size)
        if step != 1:
            raise ValueError("a file on disk is read by contiguous slices")
        with self.path.open("rb") as file:
            file.seek(start)
            return file.read(max(0, stop - start))

    def startswith(self, prefix):
        prefixes = prefix if isinstance(prefix, tuple) else (prefix,)
        head = self[: max(map(len, prefixes), default=0)]
        return head.startswith(prefixes)

    def find(self, sub, start=0):
        """The offset of the first ``sub`` from ``start``, or -1, reading a block at a time."""
        overlap = len(sub) - 1
        with self.path.open("rb") as file:
            file.seek(start)
            offset, tail = start, b""
            while block := file.read(BLOCK_BYTES):
                found = (tail + block).find(sub)
                if found != -1:
                    return offset - len(tail) + found
                offset += len(block)
                tail = (tail + block)[-overlap:] if overlap else b""
        return -1

    def __contains__(self, sub):
        return self.find(sub) != -1

    def decode(self, *args, **kwargs):
        """The whole text (what only an error's explanation needs)."""
        return self[:].decode(*args, **kwargs)

    def open(self):
        return self.path.open("rb")


def binary_stream(content):
    """A binary file over ``content``, bytes or a ``FileOnDisk``, at its start (the caller closes it)."""
    return content.open() if isinstance(content, FileOnDisk) else io.BytesIO(content)  # BytesIO shares the bytes


def sha256_of(content):
    """The SHA-256 of ``content``, bytes or a ``FileOnDisk`` (read a block at a time)."""
    if not isinstance(content, FileOnDisk):
        return hashlib.sha256(content).hexdigest()
    with content.open() as file:
        return hashlib.file_digest(file, "sha256").hexdigest()
