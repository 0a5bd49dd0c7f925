"""The exit-code contract, in one place.

0  success
1  findings: validation errors, warnings under --strict, ``fmt --check`` changes, a file
   ``fmt`` cannot parse
2  usage problems: no such path, unreadable path, bad option
3  an unexpected error: a bug in cjmap; one line asks for a report, no traceback
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FINDINGS = 1
    USAGE = 2
    INTERNAL = 3


class UsageError(Exception):
    """A problem with how cjmap was called (exit 2); the message is shown as is."""
