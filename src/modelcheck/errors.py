"""Expected errors. Each carries the ``Location`` it is about; the CLI turns them into exit 2."""

from __future__ import annotations

from typing import Sequence

from modelcheck.model import Location


class ModelcheckError(Exception):
    """An expected error with an optional place in a file."""

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location.path}:{self.location.line}: {self.message}"


class UsageError(ModelcheckError):
    """Bad command-line usage."""


class ConfigError(ModelcheckError):
    """A bad ``[tool.modelcheck]`` / ``modelcheck.toml``. ``span`` is the width of the offending
    text at ``location`` (the CLI underlines it under the source line)."""

    def __init__(self, message: str, location: Location | None = None, span: int = 1) -> None:
        super().__init__(message, location)
        self.span = max(1, span)

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"

    @property
    def errors(self) -> tuple[ConfigError, ...]:
        """Every error this one reports (itself; several for ``ConfigErrors``)."""
        return (self,)


class ConfigErrors(ConfigError):
    """All the errors found in one config file, reported together; reads as the first of them."""

    def __init__(self, errors: Sequence[ConfigError]) -> None:
        first = errors[0]
        super().__init__(first.message, first.location, first.span)
        self._errors = tuple(errors)

    @property
    def errors(self) -> tuple[ConfigError, ...]:
        return self._errors


def raise_all(errors: Sequence[ConfigError]) -> None:
    """Raise ``errors`` (sorted by place) as one ``ConfigErrors``; nothing when there are none."""
    if errors:
        ordered = sorted(errors, key=lambda e: (e.location.line, e.location.column) if e.location else (0, 0))
        raise ConfigErrors(ordered) if len(ordered) > 1 else ordered[0]


class RuleFileError(ModelcheckError):
    """A bad rule file."""
