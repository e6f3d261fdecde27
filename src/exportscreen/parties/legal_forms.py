"""Legal forms, abbreviations and stop words: general linguistic tables used by normalisation.

Legal forms are not name words: `Siemens AG` and `Siemens Aktiengesellschaft` are the same name.
They are recognised, removed from the name tokens and kept as a compatibility signal. Each form
belongs to a *family*; two names whose forms come from different specific families (a joint-stock
company against a limited-liability company) get a small penalty, never a veto, because a listed
party may re-register under another form.

All phrases are written as normalised tokens (lower case ASCII, dotted initialisms already joined,
e.g. ``S.A.R.L.`` -> ``sarl``), which is how `normalize.py` compares them.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

# Families. "generic" forms (company, corporation, limited, ...) are compatible with every family.
GENERIC: Final = "generic"
STOCK: Final = "stock"  # joint-stock / public companies: AG, S.A., JSC, PLC, K.K. ...
LIMITED: Final = "limited"  # limited-liability companies: LLC, GmbH, OOO, SARL, B.V. ...
PARTNERSHIP: Final = "partnership"
NONPROFIT: Final = "nonprofit"
COOPERATIVE: Final = "cooperative"

# canonical form -> (family, phrases that spell it)
_LEGAL_FORMS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "company": (
        GENERIC,
        (
            "company",
            "co",
            "cos",
            "compania",
            "compagnie",
            "cie",
            "cia",
            "companhia",
            "sirketi",  # Turkish şirketi
            "limited sirketi",
            "sherkat",  # Persian
            "sherkate",
            "empresa unipersonal",
        ),
    ),
    "corporation": (GENERIC, ("corporation", "corp", "corpn", "corporacion")),
    "incorporated": (GENERIC, ("incorporated", "inc")),
    "limited": (
        GENERIC,
        (
            "limited",
            "ltd",
            "ltda",
            "limitada",
            "pty",
            "pte",
            "pvt",
            "proprietary",
            "private limited",
            "pvt ltd",
            "pte ltd",
            "pty ltd",
        ),
    ),
    "company limited": (GENERIC, ("company limited", "co ltd")),
    "na": (GENERIC, ("na", "national association")),
    # Russian and Belarusian state-owned forms (GUP, FGUP, MUP, UP): the state owns the assets.
    "unitary enterprise": (
        GENERIC,
        (
            "unitary enterprise",
            "state unitary enterprise",
            "federal state unitary enterprise",
            "municipal unitary enterprise",
            "ue",
            "sue",
            "fsue",
            "gup",
            "fgup",
            "mup",
            "unitarnoe predpriyatie",
            "gosudarstvennoe unitarnoe predpriyatie",
            "federalnoe gosudarstvennoe unitarnoe predpriyatie",
        ),
    ),
    "llc": (
        LIMITED,
        (
            "llc",
            "limited liability company",
            "limited liability co",
            "l l c",
            "gmbh",
            "gesellschaft mit beschrankter haftung",
            "gesellschaft mbh",
            "ooo",
            "obshchestvo s ogranichennoy otvetstvennostyu",
            "tov",
            "tovarystvo z obmezhenoiu vidpovidalnistiu",
            "sarl",
            "societe a responsabilite limitee",
            "srl",
            "societa a responsabilita limitata",
            "societatea cu raspundere limitata",
            "sl",
            "sociedad limitada",
            "sociedad de responsabilidad limitada",
            "bv",
            "besloten vennootschap",
            "sp z oo",
            "spolka z ograniczona odpowiedzialnoscia",
            "sro",
            "spol s r o",
            "spol sro",  # S. R. O. spelled with spaces is joined to one token first
            "kft",
            "doo",
            "ood",
            "eood",
            "mchj",
            "fze",  # UAE free-zone establishment / company
            "fzco",
            "fzc",
            "fz llc",
            "llc fz",
            "fzllc",
            "sprl",
            "eurl",
            "eirl",
            "s de rl",
            "s de rl de cv",
            "srl de cv",
            "sdn bhd",
            "yuhan hoesa",  # 유한회사 (Korean limited company)
            "youxian gongsi",  # 有限公司
            "youxian zeren gongsi",  # 有限责任公司
            "godo gaisha",  # 合同会社
            "yugen gaisha",  # 有限会社
        ),
    ),
    "jsc": (
        STOCK,
        (
            "jsc",
            "joint stock company",
            "joint stock co",
            "joint stock",
            "private joint stock company",
            "private joint stock",
            "ojsc",
            "open joint stock company",
            "cjsc",
            "closed joint stock company",
            "pjsc",
            "public joint stock company",
            "oao",
            "zao",
            "pao",
            "ao",
            "aktsionernoe obshchestvo",
            "otkrytoe aktsionernoe obshchestvo",
            "zakrytoe aktsionernoe obshchestvo",
            "publichnoe aktsionernoe obshchestvo",
            "pat",
            "prat",
            "ad",
            "dd",
        ),
    ),
    "ag": (STOCK, ("ag", "aktiengesellschaft")),
    "sa": (
        STOCK,
        (
            "sa",
            "sociedad anonima",
            "societe anonyme",
            "sa de cv",
            "sociedad anonima de capital variable",
            "sapi de cv",
            "saa",
            "sac",
            "sae",
            "saic",
            "sas",
            "societe par actions simplifiee",
            "sociedad por acciones simplificada",
            "spa",
            "societa per azioni",
            "se",
            "ae",
            "sal",  # société anonyme libanaise
            "ca",  # compañía anónima
            "psc",
            "qsc",
            "bsc",
            "saog",
            "saoc",
            "anonim sirketi",
            "anonymi etaireia",
        ),
    ),
    "nv": (STOCK, ("nv", "naamloze vennootschap")),
    "plc": (STOCK, ("plc", "public limited company", "public company limited")),
    "ab": (STOCK, ("ab", "aktiebolag", "publ", "as", "asa", "oy", "oyj", "aktieselskab")),
    "kk": (
        STOCK,
        ("kk", "kabushiki kaisha", "kabushiki gaisha", "jusik hoesa", "gufen youxian gongsi"),
    ),
    "pt": (STOCK, ("pt", "perseroan terbatas", "tbk", "bhd", "berhad")),
    "lp": (
        PARTNERSHIP,
        (
            "lp",
            "limited partnership",
            "kg",
            "kommanditgesellschaft",
            "gmbh co kg",
            "s en c",  # sociedad en comandita
            "scs",
            "s en c a",
            "sca",
        ),
    ),
    "llp": (PARTNERSHIP, ("llp", "limited liability partnership")),
    "partnership": (PARTNERSHIP, ("ohg", "snc", "gp", "general partnership", "partnership")),
    "nonprofit": (
        NONPROFIT,
        (
            "ano",
            "avtonomnaya nekommercheskaya organizatsiya",
            "ev",
            "asbl",
            "vzw",
            "ngo",
            "non profit organization",
            "nonprofit",
        ),
    ),
    "cooperative": (COOPERATIVE, ("coop", "s coop", "cooperative", "cooperativa", "eg")),
}

# Legal forms written in CJK scripts or Hangul, recognised on the original text before
# transliteration (longest first). Traditional and simplified spellings are both listed.
CJK_LEGAL_FORMS: Final[tuple[tuple[str, str], ...]] = (
    ("股份有限公司", "kk"),
    ("有限责任公司", "llc"),
    ("有限責任公司", "llc"),
    ("有限公司", "llc"),
    ("株式会社", "kk"),
    ("株式會社", "kk"),
    ("合同会社", "llc"),
    ("有限会社", "llc"),
    ("주식회사", "kk"),
    ("(주)", "kk"),
    ("㈜", "kk"),
    ("유한회사", "llc"),
    ("유한책임회사", "llc"),
    ("公司", "company"),
)

# Short forms that are also ordinary words or initials ("as", "ad", "co", "se", "pt" ...) are only
# recognised at the start or end of a name; longer phrases are recognised anywhere.
EDGE_ONLY_MAX_LENGTH: Final = 3


# Romanisations of Russian and Ukrainian spell one letter several ways (ограниченной:
# ogranichennoi / ogranichennoy; ответственностью: otvetstvennostyu / otvetstvennostiu), and a
# phrase mixes them freely. Phrases are looked up by a folded spelling so every mix is one phrase.
_SPELLING_FOLDS: Final = (("yu", "iu"), ("ya", "ia"), ("yo", "io"), ("ye", "e"), ("y", "i"))


@lru_cache(maxsize=65536)
def fold_spelling(word: str) -> str:
    """The spelling legal-form phrases are looked up by: OTVETSTVENNOSTYU -> otvetstvennostiu."""
    if "y" not in word:
        return word
    for old, new in _SPELLING_FOLDS:
        word = word.replace(old, new)
    return word


def _build_phrase_table() -> dict[tuple[str, ...], str]:
    table: dict[tuple[str, ...], str] = {}
    for canonical, (_family, phrases) in _LEGAL_FORMS.items():
        for phrase in phrases:
            table[tuple(fold_spelling(w) for w in phrase.split())] = canonical
    return table


# Keyed by folded spellings (fold_spelling): look a run of tokens up by folding each first.
LEGAL_PHRASES: Final[dict[tuple[str, ...], str]] = _build_phrase_table()
MAX_PHRASE_TOKENS: Final = max(len(p) for p in LEGAL_PHRASES)
_WRITTEN_PHRASES: Final = [p.split() for _f, phrases in _LEGAL_FORMS.values() for p in phrases]
FAMILY_OF: Final[dict[str, str]] = {c: family for c, (family, _) in _LEGAL_FORMS.items()}
# Single-token spellings of legal forms: a query token glued to one of these ("siemensag",
# "jscargument") can be split during alignment.
GLUEABLE_FORMS: Final[frozenset[str]] = frozenset(
    p[0] for p in _WRITTEN_PHRASES if len(p) == 1 and len(p[0]) >= 2
)


# Words of legal-form phrases long enough to be misspelt recognisably, and their one-letter
# deletions, so "JOYNT STOCK COMPAN" is still a joint-stock company.
LEGAL_WORDS: Final[frozenset[str]] = frozenset(w for p in _WRITTEN_PHRASES for w in p)


def _build_word_deletes() -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    for word in LEGAL_WORDS:
        if len(word) >= 5:
            for variant in {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}:
                table.setdefault(variant, []).append(word)
    return {k: tuple(v) for k, v in table.items()}


LEGAL_WORD_DELETES: Final[dict[str, tuple[str, ...]]] = _build_word_deletes()

# Ordinary words one letter away from a legal-form word: never read as its misspelling
# ("ISLAMIC REVOLUTIONARY GUARD CORPS" is not a corporation).
NOT_MISSPELT_LEGAL_WORDS: Final[frozenset[str]] = frozenset({"corps"})


def family(canonical: str) -> str:
    return FAMILY_OF.get(canonical, GENERIC)


def forms_conflict(left: frozenset[str], right: frozenset[str]) -> bool:
    """True when both names carry specific legal forms and no specific family is shared."""
    left_families = {family(f) for f in left} - {GENERIC}
    right_families = {family(f) for f in right} - {GENERIC}
    return bool(left_families and right_families and not (left_families & right_families))


def forms_agree(left: frozenset[str], right: frozenset[str]) -> bool:
    """True when both names carry a legal form and a specific family (or form) is shared."""
    if not left or not right:
        return False
    if left & right:
        return True
    shared = {family(f) for f in left} & {family(f) for f in right}
    return bool(shared - {GENERIC})


# Abbreviations with one reading, rewritten to the full word on both sides.
ABBREVIATIONS: Final[dict[str, tuple[str, ...]]] = {
    "intl": ("international",),
    "internatl": ("international",),
    "int": ("international",),
    "tech": ("technology",),
    "techn": ("technology",),
    "technologies": ("technology",),
    "technological": ("technology",),
    "grp": ("group",),
    "mfg": ("manufacturing",),
    "mfrs": ("manufacturing",),
    "svc": ("service",),
    "svcs": ("service",),
    "serv": ("service",),
    "services": ("service",),
    "ind": ("industry",),
    "inds": ("industry",),
    "industries": ("industry",),
    "imp": ("import",),
    "exp": ("export",),
    "impex": ("import", "export"),
    "natl": ("national",),
    "assn": ("association",),
    "assoc": ("association",),
    "dept": ("department",),
    "devt": ("development",),
    "mgmt": ("management",),
    "mgt": ("management",),
    "bros": ("brothers",),
    "hldg": ("holding",),
    "hldgs": ("holding",),
    "holdings": ("holding",),
    "univ": ("university",),
    "inst": ("institute",),
    "chem": ("chemical",),
    "chems": ("chemical",),
    "chemicals": ("chemical",),
    "pharma": ("pharmaceutical",),
    "pharmaceuticals": ("pharmaceutical",),
    "trdg": ("trading",),
    "shpg": ("shipping",),
    "mktg": ("marketing",),
    "engg": ("engineering",),
    "centre": ("center",),
    "ctr": ("center",),
    "organisation": ("organization",),
    "us": ("united", "states"),
    "usa": ("united", "states"),
    "uk": ("united", "kingdom"),
    "uae": ("united", "arab", "emirates"),
}

# Abbreviations with several readings: they align with any reading, at a small discount, and are
# never rewritten (COMM is "communications" in one name and "commercial" in another).
AMBIGUOUS_ABBREVIATIONS: Final[dict[str, tuple[str, ...]]] = {
    "comm": ("communications", "communication", "commercial", "commerce"),
    "elec": ("electric", "electrical", "electronics", "electronic"),
    "gen": ("general",),
    "eng": ("engineering", "engineers"),
    "dev": ("development",),
    "petro": ("petroleum", "petrochemical"),
    "invest": ("investment", "investments"),
    "sci": ("science", "sciences", "scientific"),
    "mfr": ("manufacturer", "manufacturing"),
}

# Generic organisation words across languages (English, Spanish, Portuguese, French, Italian,
# German, and common romanisations of Russian, Arabic and Persian): "BANCO NACIONAL DE CUBA" is
# the "NATIONAL BANK OF CUBA". General dictionary knowledge, one group per concept; words in a
# group align at EQUIVALENT_CREDIT. They are frequent on the lists, so their rarity weight is
# low anyway: an equivalent generic word never makes a match on its own. Words already within
# one typo of each other (international/internacional) need no entry.
EQUIVALENT_WORDS: Final[tuple[tuple[str, ...], ...]] = (
    ("bank", "banco", "banque", "banca", "bankasi"),
    ("national", "nacional", "nationale", "nazionale", "natsionalny", "milli", "melli"),
    ("international", "internacional", "internationale", "internazionale", "beynolmelal"),
    ("industrial", "industrias", "industria", "industrie", "industriel", "industrielle"),
    ("industry", "industrias", "industria", "industrie", "sanaye", "sanayi", "sanat"),
    ("commercial", "comercial", "commerciale", "kommerts", "tejarat", "tijaria"),
    ("trading", "comercializadora", "commerce", "comercio", "handel", "tejarat"),
    (
        "foundation",
        "fundacion",
        "fondation",
        "fundacao",
        "fondazione",
        "stiftung",
        "stichting",
        "stiftelse",
        "fond",
        "bonyad",
    ),
    ("organization", "organizacion", "organisation", "organizacao", "organizzazione"),
    ("society", "sociedad", "societe", "sociedade", "societa", "gesellschaft", "jamiyat"),
    ("association", "asociacion", "associacao", "associazione", "verein", "jamiat"),
    ("group", "grupo", "groupe", "gruppo", "gruppe", "gruppa"),
    ("army", "ejercito", "armee", "esercito", "armiya", "jaysh", "jaish", "lashkar"),
    ("front", "frente", "fronte", "jabhat", "jabha"),
    ("movement", "movimiento", "mouvement", "movimento", "bewegung", "harakat", "haraka"),
    ("party", "partido", "parti", "partito", "partei", "partiya", "hizb"),
    ("brigade", "brigada", "brigata", "liwa"),
    ("islamic", "islamica", "islamico", "islamique", "islamiya", "islamiyya", "eslami", "islami"),
    ("state", "estado", "etat", "stato", "dawla", "dawlat"),
    ("united", "unidos", "unidas", "unis", "unies", "uniti", "vereinigte"),
    ("insurance", "seguros", "assurance", "assurances", "assicurazioni", "versicherung", "bimeh"),
    ("investment", "inversiones", "inversion", "investissement", "investimentos", "sarmayeh"),
    ("oil", "petroleo", "petrole", "petrolio", "naft", "neft"),
    ("shipping", "naviera", "navigation", "navigazione", "kashtirani"),
    ("development", "desarrollo", "developpement", "desenvolvimento", "sviluppo"),
    ("research", "investigacion", "recherche", "pesquisa", "ricerca", "forschung"),
    ("institute", "instituto", "institut", "istituto"),
    ("university", "universidad", "universite", "universidade", "universita", "daneshgah"),
    ("exchange", "cambio", "cambios", "sarafi", "sarrafi", "sarafy"),
    ("charity", "charitable", "caritativa", "caritative", "khayriya", "khairiya"),
    ("relief", "socorro", "secours"),
    ("committee", "comite", "comitato", "komitet", "lajnat", "lajna"),
    ("council", "consejo", "conseil", "consiglio", "sovet", "majlis"),
    ("ministry", "ministerio", "ministere", "ministero", "ministerstvo", "vezarat", "wizarat"),
    ("military", "militar", "militaire", "militare", "voenny"),
    ("general", "generale", "generala", "generalnaya"),
    ("directorate", "direccion", "direction", "direzione", "direktsiya", "idarat"),
    ("security", "seguridad", "securite", "sicurezza", "amniyat"),
    ("defense", "defence", "defensa", "defense", "difesa", "oborony", "defa"),
    ("construction", "construccion", "construcciones", "construtora", "sakhtemani"),
    ("transport", "transportes", "transports", "trasporti", "haml"),
    ("holding", "tenedora"),
    ("service", "servicios", "servicos", "servizi", "khadamat"),
    ("import", "importadora", "importacion", "importation"),
    ("export", "exportadora", "exportacion", "exportation"),
    ("martyrs", "martires", "martyrs", "shuhada", "shohada"),
    ("revolutionary", "revolucionario", "revolucionaria", "revolutionnaire", "enghelab"),
    ("liberation", "liberacion", "liberation", "libertacao", "tahrir"),
    ("people", "peoples", "popular", "pueblo", "populaire", "narodny", "shaabi", "shabi"),
    ("workers", "trabajadores", "travailleurs", "ouvriers", "rabochy"),
)


def _build_equivalents() -> dict[str, frozenset[int]]:
    groups: dict[str, set[int]] = {}
    for number, words in enumerate(EQUIVALENT_WORDS):
        for word in words:
            groups.setdefault(word, set()).add(number)
    return {word: frozenset(numbers) for word, numbers in groups.items()}


EQUIVALENT_GROUPS: Final[dict[str, frozenset[int]]] = _build_equivalents()


def equivalent_words(word: str) -> tuple[str, ...]:
    """Words of the same concept in other languages (empty for most words)."""
    groups = EQUIVALENT_GROUPS.get(word)
    if not groups:
        return ()
    return tuple(sorted({w for g in groups for w in EQUIVALENT_WORDS[g] if w != word}))


def are_equivalent(a: str, b: str) -> bool:
    groups = EQUIVALENT_GROUPS.get(a)
    return bool(groups and groups & EQUIVALENT_GROUPS.get(b, frozenset()))


# Function words that carry no identity ("Bank of China" = "Bank China").
STOP_WORDS: Final[frozenset[str]] = frozenset(
    {
        "the",
        "of",
        "and",
        "for",
        "de",
        "del",
        "des",
        "du",
        "la",
        "le",
        "les",
        "el",
        "los",
        "las",
        "y",
        "e",
        "et",
        "und",
        "da",
        "do",
        "dos",
        "di",
        "ve",  # Turkish "and"
        "va",  # Persian "and"
        "wa",  # Arabic "and"
    }
)

# Number words, so "Brigade Forty-Four" and "Brigade 44" share the number 44.
UNITS: Final[dict[str, int]] = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
TENS: Final[dict[str, int]] = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,  # frequent misspelling
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}

# Place names that qualify a company name as a branch or regional arm ("Deutsche Bank (Schweiz)",
# "Faberlic Europe"). One-sided, they say little about identity; two different ones on the two
# sides (Bank of China (Hong Kong) / (Singapore)) say the entities differ.
GEOGRAPHIC_QUALIFIERS: Final[frozenset[str]] = frozenset(
    [
        "afghanistan",
        "albania",
        "algeria",
        "angola",
        "argentina",
        "armenia",
        "australia",
        "austria",
        "azerbaijan",
        "bahamas",
        "bahrain",
        "bangladesh",
        "belarus",
        "belgium",
        "belize",
        "bolivia",
        "bosnia",
        "brazil",
        "brunei",
        "bulgaria",
        "burma",
        "cambodia",
        "cameroon",
        "canada",
        "chile",
        "china",
        "colombia",
        "congo",
        "croatia",
        "cuba",
        "cyprus",
        "czech",
        "denmark",
        "ecuador",
        "egypt",
        "eritrea",
        "estonia",
        "ethiopia",
        "finland",
        "france",
        "georgia",
        "germany",
        "ghana",
        "greece",
        "guatemala",
        "honduras",
        "hungary",
        "india",
        "indonesia",
        "iran",
        "iraq",
        "ireland",
        "israel",
        "italy",
        "jamaica",
        "japan",
        "jordan",
        "kazakhstan",
        "kenya",
        "korea",
        "kosovo",
        "kuwait",
        "kyrgyzstan",
        "laos",
        "latvia",
        "lebanon",
        "liberia",
        "libya",
        "liechtenstein",
        "lithuania",
        "luxembourg",
        "macau",
        "malaysia",
        "mali",
        "malta",
        "mexico",
        "moldova",
        "mongolia",
        "montenegro",
        "morocco",
        "mozambique",
        "myanmar",
        "namibia",
        "netherlands",
        "nicaragua",
        "niger",
        "nigeria",
        "norway",
        "oman",
        "pakistan",
        "palestine",
        "panama",
        "paraguay",
        "peru",
        "philippines",
        "poland",
        "portugal",
        "qatar",
        "romania",
        "russia",
        "rwanda",
        "senegal",
        "serbia",
        "singapore",
        "slovakia",
        "slovenia",
        "somalia",
        "spain",
        "sudan",
        "sweden",
        "switzerland",
        "syria",
        "taiwan",
        "tajikistan",
        "tanzania",
        "thailand",
        "tunisia",
        "turkey",
        "turkmenistan",
        "uganda",
        "ukraine",
        "uruguay",
        "uzbekistan",
        "venezuela",
        "vietnam",
        "yemen",
        "zambia",
        "zimbabwe",
        "hongkong",
        "deutschland",
        "schweiz",
        "suisse",
        "svizzera",
        "espana",
        "italia",
        "nederland",
        "norge",
        "sverige",
        "danmark",
        "suomi",
        "osterreich",
        "polska",
        "rossii",
        "rossiya",
        "nippon",
        "zhongguo",
        "brasil",
        "mexique",
        "allemagne",
        "europe",
        "european",
        "asia",
        "asian",
        "africa",
        "african",
        "america",
        "americas",
        "american",
        "pacific",
        "arabia",
        "emirates",
        "uk",
        "britain",
        "england",
        "scotland",
        "wales",
        "london",
        "dubai",
        "shanghai",
        "beijing",
        "moscow",
    ]
)


# Words that say what kind of body a party is, not which one: "AL-SALAH ASSOCIATION" and
# "AL-SALAH SOCIETY" name one charity, "ISLAMIC JIHAD UNION" and "ISLAMIC JIHAD GROUP" one group.
# When both names keep such a word unmatched, the two align at a low credit (KIND_WORD_CREDIT):
# a different kind word is weak evidence of a different party, not a contradiction.
_KIND_CONCEPTS: Final = (
    "group",
    "holding",
    "foundation",
    "organization",
    "society",
    "association",
    "institute",
    "movement",
    "front",
    "army",
    "brigade",
    "committee",
    "council",
)
KIND_WORDS: Final[frozenset[str]] = frozenset(
    {
        "center",
        "establishment",
        "institution",
        "enterprise",
        "industry",
        "agency",
        "office",
        "bureau",
        "firm",
        "house",
        "complex",
        "factory",
        "plant",
        "works",
        "concern",
        "trust",
        "fund",
        "union",
        "league",
        "alliance",
        "coalition",
        "federation",
        "network",
        "organisation",
        "charity",
        "est",
    }
    | {w for words in EQUIVALENT_WORDS if words[0] in _KIND_CONCEPTS for w in words}
)
