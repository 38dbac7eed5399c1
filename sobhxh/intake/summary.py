"""What an import says it did (IMPORT-FORMAT.md, "The answer"): for books and for periods,
the rows read, created, updated, unchanged and rejected; the warnings; the report's path."""

from dataclasses import asdict, dataclass, field


@dataclass
class Counts:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


@dataclass
class Summary:
    books: Counts = field(default_factory=Counts)
    periods: Counts = field(default_factory=Counts)
    warnings: int = 0
    report: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)
