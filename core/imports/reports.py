"""What an import found: located problems, totals, the preview's rows, and the full problem list as CSV."""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from core.imports.context import SHOWN_PROBLEMS


@dataclass
class Problem:
    """One located problem in a file."""

    message: str
    row: int | None = None
    column: str | None = None
    value: object = None
    sheet: str = ""

    def __str__(self):
        where = []
        if self.sheet:
            where.append(_("sheet “%(sheet)s”") % {"sheet": self.sheet})
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("column “%(column)s”") % {"column": self.column})
        if self.value not in (None, ""):
            where.append(_("value “%(value)s”") % {"value": str(self.value)[:80]})
        if not where:
            return str(self.message)
        return _("%(where)s: %(message)s") % {
            "where": pgettext("list separator", ", ").join(where),
            "message": self.message,
        }


def empty_totals():
    return {"new": 0, "update": 0, "skip": 0, "pending": 0}


@dataclass
class ImportReport:
    model_label: str
    file_name: str
    sha256: str
    dry_run: bool
    file_format: str = ""
    encoding: str = ""
    rows: int = 0
    totals: dict = field(default_factory=empty_totals)
    problems: list = field(default_factory=list)
    preview: list = field(default_factory=list)  # django-import-export RowResults of the first rows
    diff_headers: list = field(default_factory=list)
    record: object = None
    partner: bool = False  # imported by a partner: what they add and change waits for review
    preset: str = ""  # the preset the file went through (``core.imports.presets``), if any

    @property
    def ok(self):
        return not self.problems

    @property
    def shown_problems(self):
        """The first problems, for a page: a file of 100,000 bad rows never renders them all."""
        return self.problems[:SHOWN_PROBLEMS]

    @property
    def hidden_problems(self):
        return max(0, len(self.problems) - SHOWN_PROBLEMS)

    @property
    def changed_preview(self):
        """The preview's new and updated rows: what the import changes comes first."""
        return [row for row in self.preview if row.import_type != "skip"]

    @property
    def unchanged_preview(self):
        return [row for row in self.preview if row.import_type == "skip"]

    def summary(self):
        return _(
            "%(model)s from %(file)s: %(rows)s rows, %(new)s new, %(update)s updated, %(skip)s unchanged, "
            "%(errors)s errors%(dry)s."
        ) % {
            "model": self.model_label,
            "file": self.file_name,
            "rows": self.rows,
            "new": self.totals["new"],
            "update": self.totals["update"],
            "skip": self.totals["skip"],
            "errors": len(self.problems),
            "dry": _(" (dry run: nothing written)") if self.dry_run else "",
        } + "".join(f" {sentence}" for sentence in self.review_sentences())

    def review_sentences(self):
        """What waits for a curator's review: a partner's changes to published records, their new drafts."""
        sentences = []
        if pending := self.totals.get("pending", 0):
            sentences.append(
                ngettext(
                    "%(count)s change to a published record awaits a curator's review; until then the public "
                    "sees the published version.",
                    "%(count)s changes to published records await a curator's review; until then the public "
                    "sees the published versions.",
                    pending,
                )
                % {"count": pending}
            )
        if self.partner and (new := self.totals.get("new", 0)):
            sentences.append(
                ngettext(
                    "%(count)s new record is a draft awaiting review.",
                    "%(count)s new records are drafts awaiting review.",
                    new,
                )
                % {"count": new}
            )
        return sentences

    @property
    def review_message(self):
        return " ".join(self.review_sentences())

    def problems_csv(self):
        """Every problem as CSV (UTF-8 with a byte order mark, which spreadsheets need to read Chinese)."""
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow([_("Sheet"), _("Row"), _("Column"), _("Value"), _("Problem")])
        for problem in self.problems:
            value = "" if problem.value is None else str(problem.value)
            writer.writerow([problem.sheet, problem.row or "", problem.column or "", value, str(problem.message)])
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    def as_dict(self):
        return {
            "model": self.model_label,
            "file": self.file_name,
            "sha256": self.sha256,
            "dry_run": self.dry_run,
            "format": self.file_format,
            "encoding": self.encoding,
            "rows": self.rows,
            "totals": self.totals,
            "message": self.review_message,
            "preset": self.preset,
            "errors": [
                {
                    "row": p.row,
                    "field": p.column,
                    "value": None if p.value is None else str(p.value),
                    "message": str(p.message),
                }
                for p in self.problems
            ],
        }
