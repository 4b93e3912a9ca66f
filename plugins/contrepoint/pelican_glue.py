"""What every Contrepoint plugin needs from Pelican: stopping a build cleanly.

Problems are printed as ``path:line: message (hint)``, every one of them,
then :class:`BuildStopped` ends the build with exit status 1 and no
traceback (Pelican prints one for any exception it catches, so a log filter
hides it for ours and for its own ``--fatal`` stop).
"""

import logging
import sys

logger = logging.getLogger(__name__)

FATAL_MESSAGE = "Warning or error encountered"  # pelican.log.FatalLogger


class BuildStopped(Exception):
    """The sources have problems; they were printed above."""


class HideTraceback(logging.Filter):
    """Drop the traceback of a record about a problem we already explained."""

    def filter(self, record):
        if record.exc_info and record.exc_info[0] is not None:
            error = record.exc_info[1]
            if isinstance(error, BuildStopped) or (
                isinstance(error, RuntimeError) and str(error) == FATAL_MESSAGE
            ):
                record.exc_info = None
        return True


def install_traceback_filter():
    """Once per process: hide tracebacks of explained stops."""
    pelican_logger = logging.getLogger("pelican")
    if not any(isinstance(f, HideTraceback) for f in pelican_logger.filters):
        pelican_logger.addFilter(HideTraceback())


def stop_on_problems(problems, what="sources"):
    """Print every problem, then stop the build if there was any."""
    if not problems:
        return
    problems = sorted(set(problems))
    for problem in problems:
        print(problem, file=sys.stderr)
    raise BuildStopped(
        f"{len(problems)} problem(s) in the {what}, listed above as path:line"
    )


def warn(problems):
    """Log problems as warnings (fatal under ``--fatal warnings``).

    Pelican's fatal logger raises after the first one; we list them all
    first, then stop like an error.
    """
    fatal = False
    for problem in sorted(set(problems)):
        try:
            logger.warning("%s", problem)
        except RuntimeError:
            fatal = True
    if fatal:
        raise BuildStopped("warnings are fatal in this build (--fatal warnings)")
