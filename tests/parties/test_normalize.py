"""Normalisation: scripts, punctuation, numbers, legal forms, abbreviations."""

from __future__ import annotations

import pytest

from exportscreen.parties.normalize import fold, normalize_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ＡＢＣ　Ｔｒａｄｉｎｇ", "abc trading"),  # NFKC: full-width letters and space
        ("Société Générale", "societe generale"),  # diacritics
        ("STRASSE", "strasse"),
        ("Procter & Gamble", "procter and gamble"),
        ("Al-Qa'ida", "al qaida"),  # apostrophe vanishes, hyphen splits
        ("Standard & Poor’s", "standard and poors"),
        ("A.B.C. Company", "abc company"),  # dotted initialism joins
        ("A-B-C Company", "abc company"),
        ("S.A.R.L.", "sarl"),
        ("ООО Ромашка", "ooo romashka"),  # Cyrillic
        ("Ελληνική", "elliniki"),  # Greek
        ("ソニー", "soni"),  # Japanese kana
        ("마음", "maeum"),  # Korean
        ("1st National", "1 national"),  # ordinal
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_chinese_traditional_and_simplified_meet() -> None:
    simplified = normalize_name("洛克希德·马丁公司")
    traditional = normalize_name("洛克希德·馬丁公司")
    assert simplified.tokens == traditional.tokens == ("luo", "ke", "xi", "de", "ma", "ding")
    assert simplified.legal_forms == {"company"}


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("Lockheed Martin Corp.", ("lockheed", "martin")),
        ("LOCKHEED-MARTIN CORPORATION", ("lockheed", "martin")),
        ("The Coca-Cola Company", ("coca", "cola")),
        ("Bank of China Limited", ("bank", "china")),
        ("Brigade Forty-Four", ("brigade", "44")),
        ("Brigade Forty 4", ("brigade", "44")),
        ("Three Percenters", ("3", "percenters")),
        ("First International Bank", ("1", "international", "bank")),
        ("KKR North America Fund XII L.P.", ("kkr", "north", "america", "fund", "12")),
        ("Xi Jinping", ("xi", "jinping")),  # not a Roman numeral outside series position
        ("GUANGZHOU HAIGE COMM GRP", ("guangzhou", "haige", "comm", "group")),
        ("INT'L TECH IMP EXP CO", ("international", "technology", "import", "export")),
        ("U.S. Department of State", ("united", "states", "department", "state")),
        ("AG", ("ag",)),  # a name made only of a legal form keeps it
    ],
)
def test_tokens(text: str, tokens: tuple[str, ...]) -> None:
    assert normalize_name(text).tokens == tokens


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("Siemens AG", "ag"),
        ("Siemens Aktiengesellschaft", "ag"),
        ("Siemens Aktiengeselschaft", "ag"),  # misspelt legal word still recognised
        ("Volkswagen GmbH", "llc"),
        ("Volkswagen G.m.b.H.", "llc"),
        ("Volkswagen Gesellschaft mit beschränkter Haftung", "llc"),
        ("ООО Ромашка", "llc"),
        ("Общество с ограниченной ответственностью Ромашка", "llc"),
        ("Oboronnye Initsiativy o.O.O.", "llc"),
        ("OAO Gazprom", "jsc"),
        ("Open Joint Stock Company Gazprom", "jsc"),
        ("PJSC Rosneft", "jsc"),
        ("TACTICAL MISSILES CORPORATION JOYNT STOCK COMPANY", "jsc"),
        ("Bowne Global Solutions S.A.R.L.", "llc"),
        ("Bowne Global Solutions B.V.", "llc"),
        ("Vitol Holding S.A.", "sa"),
        ("Bowne International de Mexico S.A. de C.V.", "sa"),
        ("FABERLIC EUROPE Sp. z o.o.", "llc"),
        ("Stellantis N.V.", "nv"),
        ("Lloyds Banking Group Public Limited Company", "plc"),
        ("HSBC Holdings p.l.c.", "plc"),
        ("Goldman Sachs & Co. L.L.C.", "llc"),
        ("Pricewaterhouse Coopers LLP", "llp"),
        ("Blackstone Partners L.P.", "lp"),
        ("Blinq Holdings Pty Ltd", "limited"),
        ("ANO Iskusstvo Krasoty", "nonprofit"),
        ("中兴通讯股份有限公司", "kk"),
        ("华为技术有限公司", "llc"),
        ("台灣積體電路製造股份有限公司", "kk"),
        ("株式会社小川保険", "kk"),
        ("삼성전자 주식회사", "kk"),
        ("(주)마음", "kk"),
        ("Toyota Kabushiki Kaisha", "kk"),
        ("Ελληνική Εταιρεία Α.Ε.", "sa"),
        # Romanisations mix I/Y and IU/YU within one phrase.
        ("OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU SGM-MOST", "llc"),
        ("OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTIU SGM-MOST", "llc"),
        ("AKTSIONERNOYE OBSHCHESTVO ALMAZ", "jsc"),
        ("FEDERAL STATE UNITARY ENTERPRISE MORYE", "unitary enterprise"),
        ("SUE RK CRIMEAN PORTS", "unitary enterprise"),
        ("ABADAN OIL REFINING COMPANY PRIVATE JOINT STOCK", "jsc"),
    ],
)
def test_legal_forms(text: str, form: str) -> None:
    assert form in normalize_name(text).legal_forms


def test_mixed_romanisation_leaves_only_the_name() -> None:
    name = normalize_name("OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU 'SGM-MOST'")
    assert name.tokens == ("sgm", "most")


def test_legal_form_words_are_not_name_tokens() -> None:
    assert normalize_name("JSC TACTICAL MISSILES CORP.").tokens == ("tactical", "missiles")
    assert normalize_name("TACTICAL MISSILES CORPORATION JOINT STOCK COMPANY").tokens == (
        "tactical",
        "missiles",
    )


def test_short_forms_inside_a_name_stay_words() -> None:
    # "CO" and "SA" are legal forms at the edge of a name, ordinary words inside it.
    assert normalize_name("SAFA CO TRADING SA").tokens == ("safa", "co", "trading")


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("M D S THMORDA S E Z CO., LTD.", ("mds", "thmorda", "sez")),  # spelled letters join
        ("M. D. S. IMPORT EXPORT", ("mds", "import", "export")),
        ("L & H Sweden", ("l", "h", "sweden")),  # two letters stay initials
        ("ABC Spol. s r. o.", ("abc",)),  # the joined S R O is still a legal form
    ],
)
def test_spelled_out_letters_join(text: str, tokens: tuple[str, ...]) -> None:
    assert normalize_name(text).tokens == tokens


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("RAJAH SOLAIMAN MOVEMENT (RSM)", ("rajah", "solaiman", "movement")),
        ("METAL AND MINERAL TRADE (MMT)", ("metal", "mineral", "trade")),
        ("(PLA) PEOPLE'S LIBERATION ARMY", ("peoples", "liberation", "army")),
        ("ABC TRADING", ("abc", "trading")),  # not the initials of its neighbours: kept
        ("RSM", ("rsm",)),  # an acronym alone is the name
    ],
)
def test_acronym_beside_its_words_is_redundant(text: str, tokens: tuple[str, ...]) -> None:
    assert normalize_name(text).tokens == tokens


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("AR-RAHMAN TRUST", ("al", "rahman", "trust")),  # sun-letter article
        ("ASH-SHABAB", ("al", "shabab")),
        ("AN NUR", ("al", "nur")),
        ("AN ORGANIZATION", ("an", "organization")),  # not followed by its own consonant
    ],
)
def test_assimilated_arabic_article_reads_as_al(text: str, tokens: tuple[str, ...]) -> None:
    assert normalize_name(text).tokens == tokens


def test_corps_is_a_word_not_a_misspelt_corp() -> None:
    assert normalize_name("ISLAMIC REVOLUTIONARY GUARD CORPS").tokens[-1] == "corps"
