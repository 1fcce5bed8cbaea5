"""What one import run is: who imports, how, and what the engine tells the resources about the chunk at hand.

The engine (``core.imports.engine``) builds one ``ImportContext`` per run and hands it to every
resource it creates; the resources read it and never have attributes set on them from outside.
Background jobs pass ``progress`` and ``cancelled``; workbooks pass several batches with one context.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from core.choices import ChangedViaChoices
from core.roles import partner_profile_of

# Rows checked and written together: a chunk's rows, their values and their COPY text are what an import holds
# besides the file (about 5 MB per 1,000 trade rows); 10,000 keeps a million-row import under 300 MB.
CHUNK_ROWS = 10_000
PREVIEW_ROWS = 200
SHOWN_PROBLEMS = 200  # problems a page or an API answer lists; the rest are in the downloadable list


class ImportCancelled(Exception):
    """Raised by the engine between chunks when ``context.cancelled()`` says so; nothing is kept."""


@dataclass
class ImportContext:
    """One import run. ``via`` is how the import came in (admin, API, command line: ``ChangedViaChoices``)."""

    user: object = None
    dry_run: bool = False
    via: str = ChangedViaChoices.OTHER
    file_name: str = ""
    sheet: str = ""
    language: str | None = None
    preview_size: int = PREVIEW_ROWS
    chunk_rows: int = CHUNK_ROWS
    # Background jobs: progress(rows done, rows in all or None) after each chunk; cancelled() before each.
    progress: Callable[[int, int | None], None] | None = None
    cancelled: Callable[[], bool] | None = None
    total_rows: int | None = None
    # Set by the engine for the chunk at hand: the spreadsheet row number of each dataset row.
    row_numbers: list = field(default_factory=list)
    # How many more rows the preview shows (counts down across chunks).
    preview_left: int = 0
    # The ImportRecord of a real import, once created; None in a dry run.
    record: object = None
    # A workbook's check: {model: [new instances of earlier sheets]}, so later sheets may name them.
    pending: dict | None = None
    # How the history records the rows, when not as the door says (a pending change accepted in the admin).
    changed_via: str | None = None
    # How the file's columns map (``core.imports.presets``): a preset's name, "" to find it from the
    # header, "none" for no preset; and the user's own {header: field, or "" to ignore the column}.
    preset: str = ""
    mapping: dict | None = None

    def __post_init__(self):
        self.preview_left = self.preview_size
        self.partner_profile = partner_profile_of(self.user)

    @property
    def audited(self):
        """A real import: its writes are recorded in history with the import's id."""
        return not self.dry_run and self.record is not None

    @property
    def history_via(self):
        """How the history records the rows: an API import as the API, every other as an import."""
        if self.changed_via:
            return self.changed_via
        return ChangedViaChoices.API if self.via == ChangedViaChoices.API else ChangedViaChoices.IMPORT

    def row_number(self, dataset_row):
        """The spreadsheet row of the chunk's ``dataset_row`` (1-based, as django-import-export counts)."""
        return self.row_numbers[dataset_row - 1] if self.row_numbers else dataset_row

    def check_cancelled(self):
        if self.cancelled is not None and self.cancelled():
            raise ImportCancelled
