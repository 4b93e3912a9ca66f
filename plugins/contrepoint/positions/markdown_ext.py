"""Annotations: mark a passage as pour, contre or nuance a position.

Syntax (documented for authors in ``docs/annotating.md``)::

    [L’éthique n’est pas symétrique !]{+ethique-asymetrique}    inline passage
    [Une phrase.]{+a -b ~c}                                      several positions
    Un paragraphe ou un élément de liste entier. {-cle}          whole block

``+`` pour (support), ``-`` contre (oppose), ``~`` nuance. Code spans and
code blocks are never read; ``\\[``, ``\\]`` and ``\\{`` escape as usual.

Per document, published on ``md`` and cleared by ``reset()``:
``md.passages`` (dicts ``key, stance, id, quote, fragment, line, block``, in document
order) and ``md.annotation_problems`` (``(line, message, hint)``). Pure: no
Pelican here (the glue is ``contrepoint.positions.plugin``).
"""

import difflib
import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX, AtomicString

from .fragments import BREAK, text_fragment

#: Bump when the HTML or the passages written change: caches made before are not used.
VERSION = 2

SIGNS = {"+": "support", "-": "oppose", "~": "nuance"}
LABELS = {"support": "pour", "oppose": "contre", "nuance": "nuance"}
LINK_CLASS = "passage-link"  # the link after a passage; not part of any quote
KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# ``[passage]{+key -other}``; one level of brackets inside (a link); escapes
# are placeholders by then. ``{:``, ``{#`` and ``{.`` belong to attr_list.
PASSAGE_RE = r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\{(?![:#.])([^{}\n]*)\}"
# `` {+key}`` ending a paragraph or list item (before inline processing).
BLOCK_RE = re.compile(r"[ \t]+\{([+\-~][^{}\n]*)\}[ \t]*$")
# What is left of an annotation no pattern consumed.
LEFTOVER_RE = re.compile(r"\]?\{[+\-~][^{}\n]*\}")
ESCAPED_RE = re.compile(f"{STX}(\\d+){ETX}")
STASHED_RE = re.compile(f"{STX}[a-z]+:\\d+{ETX}")
SIGN_HINT = "use + (pour), - (contre) or ~ (nuance)"
INLINE_ATTR, BLOCK_ATTR = "data-annotation-inline", "data-annotation-block"


class PositionsExtension(Extension):
    """Annotated passages, linked to the page of their position."""

    def __init__(self, **kwargs):
        self.config = {
            "positions": [None, "dict key -> statement; None: any slug is accepted"],
            "position_url": ["/positions/{key}/", "URL of a position page, with {key}"],
            "id_prefix": ["", "prefix of passage ids (comments: '<comment-anchor>-')"],
        }
        # Set directly: ``setConfig`` would turn a None default into a bool.
        self.config["positions"][0] = kwargs.pop("positions", None)
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.registerExtension(self)
        self.md = md
        self.reset()
        # Before normalize_whitespace (30) and meta (27): lines as in the file.
        md.preprocessors.register(AnnotationSourcePreprocessor(md), "annotation_source", 35)
        # Before inline (20): block text is still raw Markdown, so ``{+key}`` is last.
        md.treeprocessors.register(AnnotationBlockTreeprocessor(md), "annotation_block", 25)
        # After backtick (190) and escape (180), so code spans and ``\]`` are
        # already placeholders; before reference/link (170/160), which want ``[``.
        md.inlinePatterns.register(PassageInlineProcessor(PASSAGE_RE, md), "passage", 175)
        # After inline (20): every mark exists; before attr_list (8) and smarty (6).
        md.treeprocessors.register(AnnotationTreeprocessor(md, self), "annotation", 15)

    def reset(self):
        """Clear the state of the previous document."""
        self.md.passages = []
        self.md.annotation_problems = []
        self.md.annotation_source = []
        self.md.annotation_id_prefix = None


class AnnotationSourcePreprocessor(Preprocessor):
    """Keep the source lines, to give each annotation its line number."""

    def run(self, lines):
        self.md.annotation_source = list(lines)
        return lines


class AnnotationBlockTreeprocessor(Treeprocessor):
    """Move a trailing `` {+key}`` of a paragraph or list item to an attribute."""

    def run(self, root):
        for elem in root.iter():
            if elem.tag in ("p", "li") and elem.text and not isinstance(elem.text, AtomicString) and len(elem) == 0:
                match = BLOCK_RE.search(elem.text)
                if match:
                    elem.text = elem.text[: match.start()]
                    elem.set(BLOCK_ATTR, match[1])


class PassageInlineProcessor(InlineProcessor):
    """``[passage]{+key}`` -> a ``<mark>`` holding the annotation until it is read."""

    def handleMatch(self, m, data):
        mark = etree.Element("mark")
        mark.text = m[1]
        mark.set(INLINE_ATTR, m[2])
        return mark, m.start(0), m.end(0)


class AnnotationTreeprocessor(Treeprocessor):
    """Read each annotation in document order: check, number, link, locate."""

    def __init__(self, md, extension):
        super().__init__(md)
        self.ext = extension

    def run(self, root):
        self.positions = self.ext.getConfig("positions")
        self.url = self.ext.getConfig("position_url")
        prefix = getattr(self.md, "annotation_id_prefix", None)
        self.prefix = self.ext.getConfig("id_prefix") if prefix is None else prefix
        self.cursor = (0, 0)
        self.counts = {}
        self.visit(root, None)

    def visit(self, elem, parent):
        """Depth first, in source order: an annotation is read after its text."""
        if elem.tag not in ("code", "pre"):
            self.find_leftovers(elem.text)
            for child in list(elem):
                self.visit(child, elem)
        tail_holder = elem
        if elem.get(BLOCK_ATTR) is not None:
            self.annotate(elem, elem.attrib.pop(BLOCK_ATTR), parent, block=True)
        elif elem.get(INLINE_ATTR) is not None:
            tail_holder = self.annotate(elem, elem.attrib.pop(INLINE_ATTR), parent, block=False)
        self.find_leftovers(tail_holder.tail)

    # -- one annotation -------------------------------------------------

    def annotate(self, elem, body, parent, block):
        fragment = f"{{{body}}}" if block else f"]{{{body}}}"
        line = self.locate(fragment)
        stances = self.parse(body, line)
        if not stances:
            elem.set("class", "passage-error")
            return elem
        first_key = stances[0][1]
        self.counts[first_key] = self.counts.get(first_key, 0) + 1
        anchor = f"{self.prefix}passage-{first_key}-{self.counts[first_key]}"
        kinds = list(dict.fromkeys(stance for stance, _ in stances))
        classes = ["passage", *(["passage-block"] if block else []),
                   *(f"stance-{kind}" for kind in kinds)]
        old_class = elem.attrib.pop("class", None)
        elem.set("class", " ".join(([old_class] if old_class else []) + classes))
        elem.set("id", anchor)
        elem.set("data-positions", " ".join(key for _, key in stances))
        elem.set("data-stances", " ".join(stance for stance, _ in stances))
        pieces = [unescape(piece) for piece in _text_between_links(elem)]
        quote = " ".join("".join(pieces).split())
        # The page has the links' labels between the pieces: no fragment term crosses one.
        fragment = text_fragment(f" {BREAK} ".join(pieces))
        for stance, key in stances:
            self.md.passages.append({"key": key, "stance": stance, "id": anchor,
                                     "quote": quote, "fragment": fragment, "line": line,
                                     "block": block})
        links = [self.link(stance, key) for stance, key in stances]
        if block:
            elem.extend(links)
            return elem
        links[-1].tail, elem.tail = elem.tail, None
        index = list(parent).index(elem)
        for offset, link in enumerate(links, start=1):
            parent.insert(index + offset, link)
        return links[-1]

    def parse(self, body, line):
        """``[(stance, key)]`` of the valid tokens; problems for the others."""
        stances, tokens = [], body.split()
        if not tokens:
            self.problem(line, f"empty annotation '{{{body}}}'",
                         "write {+key}, {-key} or {~key}")
        for token in tokens:
            sign, key = token[0], token[1:]
            if sign.isalnum():
                self.problem(line, f"annotation '{{{body}}}': '{token}' has no stance sign",
                             SIGN_HINT)
            elif sign not in SIGNS:
                self.problem(line, f"unknown stance sign '{sign}' in '{{{body}}}'", SIGN_HINT)
            elif not key:
                self.problem(line, f"malformed annotation '{{{body}}}': no key after '{sign}'",
                             f"write {sign}key, e.g. {sign}ethique-asymetrique")
            elif not KEY_RE.match(key):
                self.problem(line, f"malformed annotation '{{{body}}}': '{key}' is not a slug",
                             "keys are lowercase slugs: letters, digits and hyphens")
            elif self.positions is not None and key not in self.positions:
                close = difflib.get_close_matches(key, list(self.positions), n=1)
                self.problem(line, f"unknown position '{key}'",
                             f"did you mean '{close[0]}'?" if close
                             else "add content/positions/" + key + ".md")
            elif key in {k for _, k in stances}:
                self.problem(line, f"position '{key}' given twice in '{{{body}}}'",
                             "keep one stance per position")
            else:
                stances.append((SIGNS[sign], key))
        return stances

    def link(self, stance, key):
        statement = (self.positions or {}).get(key) or key
        link = etree.Element("a", {"class": f"{LINK_CLASS} stance-{stance}",
                                   "href": self.url.format(key=key)})
        label = etree.SubElement(link, "span", {"class": "stance-label"})
        label.text = LABELS[stance]
        hidden = etree.SubElement(link, "span", {"class": "visually-hidden"})
        hidden.text = f" la position « {statement} »"
        return link

    # -- leftovers ------------------------------------------------------

    def find_leftovers(self, text):
        """Report ``{+key}`` that neither closed a passage nor ended a block."""
        if not text or isinstance(text, AtomicString):
            return
        for match in LEFTOVER_RE.finditer(text):
            fragment = match[0]
            if text[: match.start()].endswith(ETX):  # after ``\]``: written as text
                continue
            line = self.locate(fragment)
            if fragment.startswith("]"):
                message = f"annotation '{fragment}' closes no '[passage'"
            else:
                message = (f"annotation left open: '{fragment}' follows no [passage] "
                           "and does not end its paragraph")
            self.problem(line, message,
                         "write [passage]{+key}, or end the paragraph with ' {+key}'")

    # -- lines ------------------------------------------------------------

    def locate(self, fragment):
        """Line of the next occurrence of ``fragment`` after the cursor (1-based)."""
        lines = self.md.annotation_source
        row, col = self.cursor
        for index in range(row, len(lines)):
            found = lines[index].find(fragment, col if index == row else 0)
            if found >= 0:
                self.cursor = (index, found + len(fragment))
                return index + 1
        for index, text in enumerate(lines[:row + 1]):  # out of order (footnotes…)
            if fragment in text:
                return index + 1
        return row + 1

    def problem(self, line, message, hint=""):
        self.md.annotation_problems.append((line, message, hint))


def _text_between_links(elem):
    """The text of ``elem`` in pieces, split where annotations put their links in it."""
    pieces = [elem.text or ""]
    for child in elem:
        if LINK_CLASS in child.get("class", "").split():
            pieces.append("")
        else:
            inner = _text_between_links(child)
            pieces[-1] += inner[0]
            pieces += inner[1:]
        pieces[-1] += child.tail or ""
    return pieces


def unescape(text):
    """Text with Markdown's escape placeholders back to characters."""
    return STASHED_RE.sub("", ESCAPED_RE.sub(lambda m: chr(int(m[1])), text))


def makeExtension(**kwargs):  # pragma: no cover
    return PositionsExtension(**kwargs)
