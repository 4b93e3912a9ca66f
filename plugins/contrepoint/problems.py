"""Problems found in the sources, reported as ``path:line: message (hint)``.

Pure: the Pelican side decides when problems stop the build
(see :mod:`contrepoint.pelican_glue`).
"""

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """Something an author must fix, located in a source file."""

    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self):
        text = f"{self.path}:{self.line}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class ProblemError(Exception):
    """Raised by pure code that cannot go on; carries its problems."""

    def __init__(self, problems):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
