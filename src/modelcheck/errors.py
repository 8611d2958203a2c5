"""Expected errors. Each carries the ``Location`` it is about; the CLI turns them into exit 2."""

from __future__ import annotations

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
    """A bad ``[tool.modelcheck]`` / ``modelcheck.toml``."""


class RuleFileError(ModelcheckError):
    """A bad rule file."""
