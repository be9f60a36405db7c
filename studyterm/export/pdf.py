"""PDF documents with Chinese text: find a CJK font on the system and start an fpdf2 document.

A PDF shows Chinese only when a font with Chinese glyphs is embedded, and we ship none (Noto CJK
is tens of megabytes). So the font is looked up on the machine — Debian's fonts-noto-cjk first —
or taken from `STUDYTERM_CJK_FONT`; when there is none the user is told in one line what to
install. fpdf2 and fontTools are imported inside the functions that use them (~0.3 s).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from studyterm.errors import ExportError

if TYPE_CHECKING:
    from fpdf import FPDF

__all__ = ["FONT_ENV", "CjkFont", "find_cjk_font", "new_document"]

FONT_ENV = "STUDYTERM_CJK_FONT"

FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts",
    "C:/Windows/Fonts",
)

# Regular faces with Simplified Chinese glyphs, best first (file names, lower case). Bold is the
# same name with "regular" → "bold" where such a file exists.
_PREFERRED = (
    "notosanscjk-regular.ttc",
    "notosanscjksc-regular.otf",
    "notosanssc-regular.otf",
    "notosanssc-regular.ttf",
    "sourcehansanssc-regular.otf",
    "sourcehansans-regular.ttc",
    "notoserifcjk-regular.ttc",
    "notoserifcjksc-regular.otf",
    "wqy-microhei.ttc",
    "wqy-zenhei.ttc",
    "droidsansfallbackfull.ttf",
    "msyh.ttc",
    "simhei.ttf",
)
_LATIN_FALLBACK = ("dejavusans.ttf",)  # IPA and symbols the CJK font may lack


@dataclass(frozen=True)
class FontFace:
    path: Path
    index: int = 0  # face number inside a .ttc collection


@dataclass(frozen=True)
class CjkFont:
    """The faces a document embeds: regular and bold Chinese, and an optional Latin fallback."""

    regular: FontFace
    bold: FontFace
    fallback: FontFace | None = None


def find_cjk_font(dirs: tuple[str, ...] | None = None) -> CjkFont:
    """The best CJK font on this machine, or ExportError saying what to install.

    `STUDYTERM_CJK_FONT` (a .ttf/.otf/.ttc file) wins over the search of the usual font folders.
    """
    override = os.environ.get(FONT_ENV)
    if override and dirs is None:
        path = Path(override).expanduser()
        if not path.is_file():
            raise ExportError(f"{FONT_ENV} names no font file", path=path)
        face = FontFace(path, _sc_index(path))
        return CjkFont(face, face, None)
    files = _font_files(dirs if dirs is not None else FONT_DIRS)
    for name in _PREFERRED:
        if name in files:
            regular = FontFace(files[name], _sc_index(files[name]))
            bold_path = files.get(name.replace("regular", "bold"))
            bold = FontFace(bold_path, _sc_index(bold_path)) if bold_path else regular
            fallback = next((FontFace(files[n]) for n in _LATIN_FALLBACK if n in files), None)
            return CjkFont(regular, bold, fallback)
    raise ExportError(
        "no Chinese (CJK) font found for the PDF: install fonts-noto-cjk "
        f"(apt-get install fonts-noto-cjk), set {FONT_ENV} to a font file, "
        "or write .html instead"
    )


def _font_files(dirs: tuple[str, ...]) -> dict[str, Path]:
    """Font files under the folders, by lower-case file name (the first found wins)."""
    found: dict[str, Path] = {}
    wanted = set(_PREFERRED) | {n.replace("regular", "bold") for n in _PREFERRED} | set(_LATIN_FALLBACK)
    for d in dirs:
        root = Path(d).expanduser()
        if not root.is_dir():
            continue
        for folder, _subdirs, names in os.walk(root):
            for name in names:
                low = name.lower()
                if low in wanted and low not in found:
                    found[low] = Path(folder) / name
    return found


def _sc_index(path: Path) -> int:
    """In a font collection, the face for Simplified Chinese (its name says SC); else the first."""
    if path.suffix.lower() != ".ttc":
        return 0
    from fontTools.ttLib import TTCollection  # fpdf2 depends on fontTools

    try:
        collection = TTCollection(str(path), lazy=True)
    except Exception as exc:  # a broken font file: say which one
        raise ExportError(f"cannot read the font collection: {exc}", path=path) from exc
    names = [str(font["name"].getDebugName(4) or "") for font in collection.fonts]
    for i, name in enumerate(names):
        if (name.endswith(" SC") or " SC " in name) and "Mono" not in name:
            return i
    return 0


def new_document(font: CjkFont, *, landscape: bool = False) -> FPDF:
    """An A4 fpdf2 document with the CJK font registered as family "cjk" (regular and bold)."""
    from fpdf import FPDF  # ~0.2 s

    pdf = FPDF(orientation="L" if landscape else "P", format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    try:
        pdf.add_font("cjk", "", str(font.regular.path), collection_font_number=font.regular.index)
        pdf.add_font("cjk", "B", str(font.bold.path), collection_font_number=font.bold.index)
        if font.fallback is not None:
            pdf.add_font("latin", "", str(font.fallback.path))
            pdf.add_font("latin", "B", str(font.fallback.path))
            pdf.set_fallback_fonts(["latin"], exact_match=False)
    except Exception as exc:  # fpdf2 raises plain exceptions on unusable fonts
        raise ExportError(f"cannot use the font: {exc}", path=font.regular.path) from exc
    pdf.set_font("cjk", size=11)
    return pdf
