"""Errors the pipeline raises on bad input, and the process exit codes.

Each input error subclasses ValueError too, so callers that do not know this package can still
catch it. Messages are one line and say what the user can do.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Exit status of ``python -m extract``."""

    OK = 0
    #: some inputs failed or had pages that could not be converted; the rest were written
    INPUT_FAILED = 1
    #: the command line was wrong (argparse's own code)
    USAGE = 2
    #: nothing to do: no PDF was found under the given paths
    NO_INPUT = 3


class ExtractError(Exception):
    """Base of every error about one input file."""


class SourceError(ExtractError, ValueError):
    """The file cannot be read as a PDF: not a PDF, truncated or corrupt, encrypted, no pages."""
