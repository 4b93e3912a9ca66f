"""French typography as a Python-Markdown extension: narrow no-break spaces.

The HTML a ``Markdown`` object writes gets its narrow no-break spaces
(:func:`.typography.narrow_nbsp`) before anyone caches it: Pelican's
content cache keeps posts and pages typeset, the comments' cache keeps
comments typeset, and a rebuild does not typeset them again. Pure.
"""

from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

from .typography import narrow_nbsp


class FrenchSpacesPostprocessor(Postprocessor):
    """Narrow no-break spaces in the text of the final HTML (not in code)."""

    def run(self, text):
        return narrow_nbsp(text)


class FrenchTypographyExtension(Extension):
    def extendMarkdown(self, md):
        # Last of all (built-in postprocessors are 10 to 30): the raw HTML is
        # back in place and the entities are final, so the spaces see the real text.
        md.postprocessors.register(FrenchSpacesPostprocessor(md), "french_spaces", 1)


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name)
    return FrenchTypographyExtension(**kwargs)
