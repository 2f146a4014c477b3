"""What extraction produces: facts, each with the verbatim passage that states it."""

from dataclasses import dataclass, field

from archive.lib.text import fold


@dataclass
class Sentence:
    text: str
    where: str  # title | lead | body | caption


@dataclass
class Fact:
    value: object
    passage: str = ""
    as_printed: str = ""


@dataclass
class Person:
    name: str
    rank: str = ""
    rank_passage: str = ""
    titles: list = field(default_factory=list)  # [Fact(title as printed, passage)]
    roles: list = field(default_factory=list)  # [Fact(role, passage)]
    printed: dict = field(default_factory=dict)  # passage → (rank, "titles, as printed")

    def add_role(self, role, passage):
        if role not in [r.value for r in self.roles]:
            self.roles.append(Fact(role, passage))

    def add_title(self, title, passage, *, only_fuller=False):
        """Keep one wording per position: the first, or a fuller one ("... tỉnh Quảng Ninh").
        `only_fuller`: the wording may complete a known position but not add one."""
        key = title_key(title)
        for i, known in enumerate(self.titles):
            known_key = title_key(known.value)
            if key == known_key or known_key.startswith(key + " "):
                return
            if key.startswith(known_key + " "):
                self.titles[i] = Fact(title, passage)
                return
        if not only_fuller:
            self.titles.append(Fact(title, passage))


_TITLE_ABBREVIATIONS = {"cvp": "chanh van phong", "ubnd": "uy ban nhan dan", "pct": "pho chu tich"}


def title_key(title):
    """Wordings of one position compare equal: case, diacritics, "về", "của", UBND."""
    words = [_TITLE_ABBREVIATIONS.get(w, w) for w in fold(title).replace(",", " ").split()]
    return " ".join(w for w in words if w not in ("ve", "cua", "(", ")")).replace("(", "")
