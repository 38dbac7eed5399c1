"""The one font of the documents: DejaVu Sans from Debian's `fonts-dejavu-core` package,
embedded in every PDF. It covers Vietnamese; nothing is fetched at run time."""

from pathlib import Path

from django.utils import translation
from django.utils.translation import pgettext_lazy

FONT_FAMILY = "DejaVuSans"
FONT_FILES = {
    "": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    "B": Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
}


class FontMissing(RuntimeError):
    """The font file is not on this machine; `message_vi` / `message_en` say what to install."""

    template = pgettext_lazy(
        "document",
        "The font file %(path)s was not found, so the document cannot be printed. "
        "Install the fonts-dejavu-core package (apt-get install fonts-dejavu-core) and try again.",
    )

    def __init__(self, path: Path):
        self.path = path
        self.message_vi = self._render("vi")
        self.message_en = self._render("en")
        super().__init__(self.message_vi)

    def _render(self, language: str) -> str:
        with translation.override(language):
            return str(self.template) % {"path": self.path}

    @property
    def message(self) -> str:
        return self._render(translation.get_language() or "vi")


def add_fonts(pdf) -> None:
    """Register the regular and bold faces with an FPDF document, or raise FontMissing."""
    for style, path in FONT_FILES.items():
        if not path.is_file():
            raise FontMissing(path)
        pdf.add_font(FONT_FAMILY, style, str(path))
