"""What every ingest reader shares: the context it is given, what it returns, how it fails.

Readers are pure (no Django): document in, `PlanDocument` out, with warnings that name
their place (file, page/line or sheet!cell). A reader that cannot make a plan of a file
raises `IngestError`; a single bad fact becomes a `Warning` and the rest is read.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar, Protocol

from hyoka import interchange as ix
from hyoka.ingest.limits import Limits, configured

if TYPE_CHECKING:
    from hyoka.ingest.text.lines import Line


@dataclass(frozen=True)
class Place:
    """Where in a source something was found: file plus line, or page and line, or sheet and cell."""

    file: str
    line: int | None = None
    page: int | None = None
    sheet: str | None = None
    cell: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"{self.sheet}!{self.cell}" if self.cell else self.sheet)
        if self.page is not None:
            parts.append(f"page {self.page}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        return ":".join(parts)


@dataclass(frozen=True)
class Warning:  # noqa: A001 - the reader's own word for it
    place: Place
    message: str

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


class IngestError(ValueError):
    """The file cannot be read as a plan at all; nothing is written."""

    def __init__(self, place: Place | str, message: str):
        self.place = place
        self.message = message
        super().__init__(f"{place}: {message}")


class MissingOption(IngestError):
    """The document does not say what the import needs (whose plan, its title) and it was not given: the
    browser asks for it beside its field (``option``: municipality or plan_title), the CLI names its flag."""

    def __init__(self, place: Place | str, option: str, message: str):
        self.option = option
        super().__init__(place, message)


@dataclass(frozen=True)
class Context:
    """What the caller knows that a document may not print: whose plan it is, and its title."""

    municipality: ix.Municipality | None = None  # None only for files that name their own (workbook, JSON)
    plan_title: str | None = None  # overrides a title found in the document; needed where none is printed
    plan_version: str | None = None
    source: str = "<document>"  # the file name used in places and warnings
    limits: Limits = field(default_factory=configured)  # how much of the file the readers will read
    # what the user said a column means, over what its header's words say (hyoka.ingest.choices):
    # table signature → {0-based column → kind}
    column_choices: Mapping[str, Mapping[int, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class FoundColumn:
    """One column of a table found, as the preview shows it so the user can say it means something else."""

    header: str  # as printed
    kind: str  # the meaning it was read with (hyoka.ingest.columns.KINDS)
    read_as: str  # the meaning its header's words gave, before any choice
    origin: str = "vocabulary"  # vocabulary; chosen (for this import); remembered (an earlier import of the city)
    example: str = ""  # its cell in the first row, to judge the meaning by


@dataclass(frozen=True)
class FoundTable:
    """A table a reader found and read with column meanings; numbered in document order from 1."""

    number: int
    signature: str  # the layout's name, for remembering choices (hyoka.ingest.choices.table_signature)
    columns: tuple[FoundColumn, ...]
    place: Place
    how: str = ""  # which layout recovery found it (tabs, one-cell-per-line, pipes …)
    title: str | None = None

    @property
    def header(self) -> list[str]:
        return [c.header for c in self.columns]


@dataclass
class ReadResult:
    document: ix.PlanDocument
    warnings: list[Warning] = field(default_factory=list)
    layout: str = ""  # which layout the reader recognised, e.g. "kpi-and-project tables"
    tables: list[FoundTable] = field(default_factory=list)  # read with column meanings, for the preview


def require_title(context: Context, printed: str | None) -> str:
    """The plan's title: the caller's, else the one the document prints; asked for when there is neither."""
    title = context.plan_title or printed
    if not title:
        raise MissingOption(context.source, "plan_title", 'the plan has no title in the document: give it (--plan "…")')
    return title


def require_municipality(context: Context) -> ix.Municipality:
    """For readers of documents that do not say whose plan they are."""
    if context.municipality is None:
        message = "which city's plan is it? give the municipality (--municipality NAME)"
        raise MissingOption(context.source, "municipality", message)
    return context.municipality


class TextLayout(Protocol):
    """A layout of plain text (`readers/txt.py` lets each score the lines; the best one reads them)."""

    @property
    def name(self) -> str: ...

    def detect(self, lines: list[Line]) -> int:
        """How much of the layout's structure the lines show; 0 = not this layout."""
        ...

    def read(self, lines: list[Line], context: Context) -> ReadResult: ...


class LayoutReader(ABC):
    """The small base of the text layouts' readers: one instance reads one text.

    A subclass names its layout (`name`), says how much of it some lines show (`detect`) and
    reads them (`run`); `LayoutReader.read(lines, context)` is the `TextLayout` entry point.
    """

    name: ClassVar[str]

    def __init__(self, lines: list[Line], context: Context):
        self.lines = lines
        self.context = context
        self.source = context.source
        self.warnings: list[Warning] = []

    @staticmethod
    @abstractmethod
    def detect(lines: list[Line]) -> int:
        """How much of the layout's structure the lines show; 0 = not this layout."""

    @classmethod
    def read(cls, lines: list[Line], context: Context) -> ReadResult:
        return cls(lines, context).run()

    @abstractmethod
    def run(self) -> ReadResult:
        """Read `self.lines` into a plan, or raise IngestError naming why it is not one."""

    def warn(self, line: Line, message: str) -> None:
        self.warnings.append(Warning(line.place(self.source), message))
