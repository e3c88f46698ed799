"""The bundled Liberation Serif (Times New Roman metrics, SIL OFL) registered with ReportLab, embedded in PDFs.

Each PDF embeds a subset of every face it uses. Making a subset (reading the TrueType tables, writing a new font
file, compressing it) is most of the cost of a small paper — the province writes one receipt per package, 3,321
of them for the whole country — so the finished PDF objects of a subset are kept, per face and exact glyph list,
and reused when the next document asks for the same subset (see :class:`CachedTTFont`).
"""

from __future__ import annotations

import zlib
from collections import OrderedDict
from typing import Any

from reportlab.lib.fonts import addMapping
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont, makeToUnicodeCMap

from hoagiai_desktop.paths import resource

FAMILY = "LiberationSerif"
REGULAR = "LiberationSerif"
BOLD = "LiberationSerif-Bold"
ITALIC = "LiberationSerif-Italic"
BOLD_ITALIC = "LiberationSerif-BoldItalic"

_FILES = {
    REGULAR: "LiberationSerif-Regular.ttf",
    BOLD: "LiberationSerif-Bold.ttf",
    ITALIC: "LiberationSerif-Italic.ttf",
    BOLD_ITALIC: "LiberationSerif-BoldItalic.ttf",
}
_registered = False

# Every letter of Vietnamese (the 67 lower-case forms and their capitals) and the punctuation papers use: a
# document that assigns these first gets the same glyph list, hence the same cached subset, whatever names and
# numbers it prints (see ``prime``).
_VI_LOWER = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵfjwz"
ALPHABET = "".join(dict.fromkeys(_VI_LOWER + _VI_LOWER.upper() + "“”‘’–—…·•°§№"))
_CACHE_SIZE = 48  # subsets kept; a receipt run needs three, a report a few more


class _Subset:
    """The document-independent PDF objects of one subset: the font file and ToUnicode map, already
    compressed, and the widths."""

    def __init__(self, font_file: bytes, raw_length: int, to_unicode: bytes, widths: bytes) -> None:
        self.font_file = font_file
        self.raw_length = raw_length
        self.to_unicode = to_unicode
        self.widths = widths


class _Written(pdfdoc.PDFObject):
    """A PDF value already written out (the widths array: formatting 200 numbers per font and document is
    what a cached subset would otherwise still cost)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def format(self, document: Any) -> bytes:
        return self.data


_subsets: OrderedDict[tuple[str, int, tuple[int, ...]], _Subset] = OrderedDict()


def _flate_stream(compressed: bytes, **entries: Any) -> pdfdoc.PDFStream:
    """A stream whose content is already deflated: ReportLab writes it as it is (a ``Filter`` is present)."""
    dictionary = pdfdoc.PDFDictionary(dict(entries))
    dictionary["Filter"] = pdfdoc.PDFArray([pdfdoc.PDFName("FlateDecode")])
    return pdfdoc.PDFStream(dictionary, compressed)


class CachedTTFont(TTFont):
    """A TrueType font whose subsets' PDF objects are made once per process and glyph list, not per document.

    The same objects ReportLab's :meth:`TTFont.addObjects` makes (TrueType font, widths, ToUnicode map, font
    descriptor with the embedded subset), so the PDF is the same; only the work of making them is kept."""

    def addObjects(self, doc: Any) -> None:  # ReportLab calls it by this name
        if not doc.compression:
            super().addObjects(doc)
            return
        state = self._assignState(doc)
        state.frozen = 1
        face = self.face
        for n, subset in enumerate(state.subsets):
            internal_name = self.getSubsetInternalName(n, doc)[1:]
            base_name = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
            made = self._subset(n, base_name, subset)
            font = pdfdoc.PDFTrueTypeFont()
            font.__Comment__ = f"Font {self.fontName} subset {n}"
            font.Name = internal_name
            font.BaseFont = base_name
            font.FirstChar = 0
            font.LastChar = len(subset) - 1
            font.Widths = _Written(made.widths)
            font.ToUnicode = doc.Reference(_flate_stream(made.to_unicode), "toUnicodeCMap:" + base_name)
            font_file = doc.Reference(
                _flate_stream(made.font_file, Length1=made.raw_length),
                f"fontFile:{face.filename}({base_name})",
            )
            descriptor = pdfdoc.PDFDictionary(
                {
                    "Type": "/FontDescriptor",
                    "Ascent": face.ascent,
                    "CapHeight": face.capHeight,
                    "Descent": face.descent,
                    "Flags": (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC,
                    "FontBBox": pdfdoc.PDFArray(face.bbox),
                    "FontName": pdfdoc.PDFName(base_name),
                    "ItalicAngle": face.italicAngle,
                    "StemV": face.stemV,
                    "FontFile2": font_file,
                    "MissingWidth": face.defaultWidth,
                }
            )
            font.FontDescriptor = doc.Reference(descriptor, "fontDescriptor:" + base_name)
            doc.Reference(font, internal_name)
            doc.idToObject["BasicFonts"].dict[internal_name] = font

    def _subset(self, n: int, base_name: str, subset: list[int]) -> _Subset:
        key = (self.fontName, n, tuple(subset))
        made = _subsets.get(key)
        if made is not None:
            _subsets.move_to_end(key)
            return made
        raw = self.face.makeSubset(subset)
        cmap = makeToUnicodeCMap(base_name, subset).encode("latin-1")
        widths = f"[{fp_str(*(self.face.getCharWidth(code) for code in subset))}]".encode("ascii")
        made = _Subset(zlib.compress(raw), len(raw), zlib.compress(cmap), widths)
        _subsets[key] = made
        while len(_subsets) > _CACHE_SIZE:
            _subsets.popitem(last=False)
        return made


def register() -> None:
    """Register the four faces once per process so ``<b>``/``<i>`` in paragraphs pick the right file."""
    global _registered
    if _registered:
        return
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(CachedTTFont(name, str(resource("fonts", filename))))
    pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    addMapping(FAMILY, 0, 0, REGULAR)
    addMapping(FAMILY, 1, 0, BOLD)
    addMapping(FAMILY, 0, 1, ITALIC)
    addMapping(FAMILY, 1, 1, BOLD_ITALIC)
    _registered = True


def prime(doc: Any, font_name: str, text: str = ALPHABET) -> None:
    """Give ``text``'s characters the first codes of ``font_name`` in the PDF document ``doc`` (a canvas's
    ``_doc``), so documents that print different names share one subset, and its cached objects."""
    font = pdfmetrics.getFont(font_name)
    font.splitString(text, doc)
