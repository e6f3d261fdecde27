"""Matcher behaviour: known failure modes of other screening tools, explanations, adjustments."""

from __future__ import annotations

import pytest

from exportscreen.parties import DEFAULT_THRESHOLD, REVIEW_THRESHOLD, Matcher, PartyRecord
from exportscreen.parties import score as sc
from exportscreen.parties import spelling as sp


def alerts(matcher: Matcher, name: str, country: str | None = None) -> set[str]:
    return {
        h.entity_id
        for h in matcher.search(name, country=country, limit=50)
        if h.score >= DEFAULT_THRESHOLD
    }


def test_thresholds_are_ordered() -> None:
    assert 0 < REVIEW_THRESHOLD < DEFAULT_THRESHOLD <= 100


@pytest.mark.parametrize(
    ("query", "entity"),
    [
        ("GUANGZHOU HAIGE COMM GRP", "haige"),  # OpenSanctions misses this one
        ("Guangzhou Haige Communications Group Co., Ltd.", "haige"),
        ("Lockheed Martin Corp.", "lm"),
        ("LOCKHEED-MARTIN CORPORATION", "lm"),
        ("LOCKHEEDMARTIN", "lm"),  # joined words
        ("洛克希德·馬丁公司", "lm"),  # traditional characters against a simplified alias
        ("Romashka LLC", "romashka"),
        ("ООО «Ромашка»", "romashka"),
        ("JSCARGUMENT", "argument"),  # legal form glued to the name
        ("Argument AO", "argument"),
        ("ZAVOD FIOLENT JSC", "fiolent"),
        ("KARAKORAM TECHNOLOGY GROUP", "kkrt"),  # one-letter typo in a distinctive word
        ("Aerocaribbean Airline", "36"),
        ("National Bank of Cuba", "306"),  # an alias from the OFAC slice
        ("Banco Nacional de Cuba S.A.", "306"),
        ("A-B-C Trading Co.", "abc"),
        ("삼성전자(주)", "samsung"),
        ("ソニー 株式会社", "sony"),
    ],
)
def test_alerts(matcher: Matcher, query: str, entity: str) -> None:
    assert entity in alerts(matcher, query)


@pytest.mark.parametrize(
    ("query", "entity"),
    [
        ("EMMA LLC", "emma"),  # watchman: 100% against the person Emma Daniels
        ("BELLETECH CORP", "m11"),  # watchman: 100% against 11420 CORP.
        ("Lopez Group", "aig"),  # WRatio: 85 against ARMED ISLAMIC GROUP
        ("A-B-C Company", "intl"),  # OpenSanctions: A-B-C Company matches almost anything
        ("A-B-C Company", "m11"),
        ("Eastern Technology Group", "east"),  # shares only common words
        ("Eastern Technology Group", "west"),
        ("Smith Trading Group Ltd", "asia"),
        ("11421 CORP.", "m11"),  # a different number is a different party
        ("MANAGEMENT COMPANY 24", "sinopec"),
        ("Karakorum Trading", "kkrt"),  # the distinctive word alone, a different trade
    ],
)
def test_no_alert(matcher: Matcher, query: str, entity: str) -> None:
    assert entity not in alerts(matcher, query)


def test_belletech_does_not_hit_the_numbered_company(matcher: Matcher) -> None:
    assert "m11" not in alerts(matcher, "BELLETECH CORP")
    assert "belle" in alerts(matcher, "BELLETECH CORP")


def test_emma_llc_is_a_company_not_a_person(matcher: Matcher) -> None:
    hit = matcher.score_names("EMMA LLC", "Emma Daniels", candidate_type="person")
    assert hit.score < REVIEW_THRESHOLD
    assert hit.parts.get("type", 0.0) < 0


def test_digits_disagreement_penalised(matcher: Matcher) -> None:
    same = matcher.score_names("Fund 12 Holdings", "Fund 12 Holdings")
    other = matcher.score_names("Fund 12 Holdings", "Fund 13 Holdings")
    assert other.parts["digits"] < 0
    assert other.score < same.score - 20
    assert matcher.score_names("11420 CORP.", "11421 CORP.").score < REVIEW_THRESHOLD


def test_explanation_names_aligned_tokens_and_parts(matcher: Matcher) -> None:
    hit = matcher.search("GUANGZHOU HAIGE COMM GRP", country="CN")[0]
    assert hit.entity_id == "haige"
    assert hit.name == "GUANGZHOU HAIGE COMMUNICATIONS GROUP"
    assert hit.primary_name == "GUANGZHOU HAIGE COMMUNICATIONS GROUP"
    assert ("comm", "communications") in hit.aligned
    assert ("haige", "haige") in hit.aligned
    assert "comm~communications" in hit.explanation
    assert "country agrees" in hit.explanation
    assert hit.parts["country"] > 0
    assert set(hit.parts) >= {"name", "country"}


def test_explanation_mentions_alias(matcher: Matcher) -> None:
    hit = matcher.search("National Bank of Cuba")[0]
    assert hit.name == "NATIONAL BANK OF CUBA"
    assert hit.primary_name == "BANCO NACIONAL DE CUBA"
    assert "alias of 'BANCO NACIONAL DE CUBA'" in hit.explanation


def test_unmatched_words_are_explained(matcher: Matcher) -> None:
    hit = matcher.score_names("Karakorum Trading Group", "KARAKORUM TECHNOLOGY GROUP")
    assert "query words without match: trading" in hit.explanation
    assert "list words without match: technology" in hit.explanation


def test_country_adjusts_but_never_filters(matcher: Matcher) -> None:
    base = matcher.search("Lockheed Martin")[0]
    same = matcher.search("Lockheed Martin", country="us")[0]
    other = matcher.search("Lockheed Martin", country="FR")[0]
    assert same.entity_id == other.entity_id == base.entity_id == "lm"
    assert same.score >= base.score >= other.score
    assert other.parts["country"] < 0
    assert other.score >= DEFAULT_THRESHOLD  # a wrong country does not hide an exact name


def test_identifier_is_decisive(matcher: Matcher) -> None:
    hits = matcher.search("MV Blue Horizon", identifiers=[("IMO", "9 123 456")])
    assert hits[0].entity_id == "ship"
    assert hits[0].score == 100.0
    assert "identifier matches exactly" in hits[0].explanation
    conflicting = matcher.search("OCEAN STAR", identifiers=[("imo", "9654321")], limit=5)
    by_id = {h.entity_id: h for h in conflicting}
    assert by_id["ship2"].score == 100.0
    assert by_id["ship"].parts["identifier"] < 0


def test_search_returns_best_hit_per_entity(matcher: Matcher) -> None:
    hits = matcher.search("Lockheed Martin Corporation", limit=10, min_score=0.0)
    ids = [h.entity_id for h in hits]
    assert len(ids) == len(set(ids))
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_min_score_and_limit(matcher: Matcher) -> None:
    assert matcher.search("Lockheed Martin", min_score=101.0) == []
    assert len(matcher.search("trading group", min_score=0.0, limit=2)) <= 2


def test_persons_token_order_and_initials() -> None:
    matcher = Matcher(
        [
            PartyRecord("t", "p1", "person", ("SECHIN, Igor Ivanovich",)),
            PartyRecord("t", "p2", "person", ("IVANOV, Sergei",)),
        ]
    )
    assert matcher.search("Igor Ivanovich Sechin")[0].entity_id == "p1"
    hit = matcher.score_names("I. I. Sechin", "SECHIN, Igor Ivanovich", candidate_type="person")
    assert hit.score >= REVIEW_THRESHOLD


def test_empty_and_punctuation_only_queries(matcher: Matcher) -> None:
    assert matcher.search("") == []
    assert matcher.search("  --  ") == []


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("qods", "quds"),  # four letters: no typo allowed, but a vowel variant is
        ("noor", "nour"),
        ("waleed", "walid"),
        ("jamaah", "jemmah"),
        ("tawhid", "tauhid"),
        ("hanifeh", "hanifa"),
    ],
)
def test_transliteration_variants_align(left: str, right: str) -> None:
    assert sp.same_transliteration(left, right)
    assert sp.token_credit(left, right) >= sp.TRANSLIT_CREDIT


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("iran", "iraq"),  # consonants differ
        ("cvs", "cvc"),
        ("moore", "mara"),  # the vowels cannot write the same sound
        ("thomas", "tamas"),
        ("mary", "maraya"),  # Y before a vowel is a consonant
        ("schaaf", "seif"),  # three-sound keys need the spellings to be one edit apart
        ("check", "ceiec"),
    ],
)
def test_different_words_are_not_transliterations(left: str, right: str) -> None:
    assert not sp.same_transliteration(left, right)
    assert sp.token_credit(left, right) == 0.0


def test_generic_words_align_across_languages(matcher: Matcher) -> None:
    assert sp.token_credit("banco", "bank") == sp.EQUIVALENT_CREDIT
    assert sp.token_credit("nacional", "national") == sp.EQUIVALENT_CREDIT
    hit = matcher.score_names("BANCO NACIONAL DE IRAQ", "NATIONAL BANK OF IRAQ")
    assert hit.score >= DEFAULT_THRESHOLD
    # Generic words are not identity: the translated words alone do not make a match.
    assert matcher.score_names("BANCO NACIONAL DE CHILE", "NATIONAL BANK OF IRAQ").score < (
        REVIEW_THRESHOLD
    )


ACRONYM_RECORDS = [
    PartyRecord("t", "pla", "organization", ("PEOPLE'S LIBERATION ARMY",)),
    PartyRecord("t", "irgc", "organization", ("IRGC",)),
    PartyRecord("t", "mmb", "organization", ("EP-MMB",)),
    PartyRecord("t", "lee", "person", ("LEYVA ESCANDON, Edgardo",)),
    PartyRecord("t", "other", "organization", ("PACIFIC LUMBER ASSOCIATES GROUP",)),
]


def test_acronyms_are_found_both_ways() -> None:
    matcher = Matcher(ACRONYM_RECORDS)
    assert "pla" in alerts(matcher, "PLA")  # query acronym, list words
    assert "irgc" in alerts(matcher, "Islamic Revolutionary Guard Corps")  # and the other way
    hit = matcher.search("PLA")[0]
    assert ("pla", "peoples liberation army") in hit.aligned


def test_short_list_acronyms_and_persons_do_not_alert() -> None:
    matcher = Matcher(ACRONYM_RECORDS)
    # Three query words whose initials happen to be a three-letter list acronym: review at most.
    assert "mmb" not in alerts(matcher, "Montgomery, Martinez and Banks")
    assert "lee" not in alerts(matcher, "LEE")  # persons have no acronyms


def test_spelled_letters_meet_the_joined_acronym(matcher: Matcher) -> None:
    hit = matcher.score_names("MDS THMORDA SEZ", "M D S THMORDA S E Z CO., LTD.")
    assert hit.score >= DEFAULT_THRESHOLD


def test_acronym_candidates_survive_the_default_floor() -> None:
    """The query "MDS IMPORT EXPORT" must reach "M. D. S. IMPORT EXPORT" at the default floor,
    not only when every candidate is scored (min_score=0)."""
    matcher = Matcher(
        [
            PartyRecord("t", "mds", "organization", ("M. D. S. IMPORT-EXPORT CO",)),
            *[
                PartyRecord("t", f"x{i}", "organization", (f"IMPORT EXPORT {i}",))
                for i in range(60)
            ],
        ]
    )
    assert "mds" in alerts(matcher, "MDS IMPORT EXPORT")


def test_kind_words_align_at_low_credit(matcher: Matcher) -> None:
    hit = matcher.score_names("AL-SALAH ASSOCIATION", "AL-SALAH SOCIETY")
    assert ("association", "society") in hit.aligned
    assert f"association~society ({sp.KIND_WORD_CREDIT:.2f})" in hit.explanation
    assert hit.score > matcher.score_names("AL-SALAH ASSOCIATION", "AL-SALAH BRIDGE").score
    # A kind word alone is no resemblance: nothing else aligned, no kind-word pair either.
    assert matcher.score_names("ALPHA GROUP", "OMEGA COMPANY HOLDING").aligned == ()


def test_a_tie_for_the_rarest_word_is_not_a_missing_key_word() -> None:
    # Both words occur once on the lists: the matched one is as distinctive as the other.
    matcher = Matcher(
        [
            PartyRecord("t", "sobin", "organization", ("JSB SOBINBANK",)),
            PartyRecord("t", "other", "organization", ("OTHER TRADING",)),
        ]
    )
    hit = matcher.search("SOBINBANK", min_score=0.0)[0]
    assert "rarest word unmatched" not in hit.explanation
    # A rarer unmatched word still is one.
    matcher = Matcher(
        [
            PartyRecord("t", "x", "organization", ("NATIONAL MOLINA DEVELOPMENT",)),
            PartyRecord("t", "y", "organization", ("NATIONAL DEVELOPMENT FUND",)),
        ]
    )
    hit = [h for h in matcher.search("NATIONAL DEVELOPMENT", min_score=0.0) if h.entity_id == "x"]
    assert "rarest word unmatched" in hit[0].explanation


def test_two_substitutions_in_a_long_word_are_found_by_the_index() -> None:
    matcher = Matcher(
        [PartyRecord("t", "rish", "organization", ("RISHMAK PRODUCTIVE AND EXPORTS COMPANY",))]
    )
    hit = matcher.search("RISHMAK PRODUCTION AND EXPORT COMPANY", min_score=0.0)[0]
    assert ("production", "productive") in hit.aligned


SYLLABIC_RECORDS = [
    PartyRecord("t", "incovalle", "organization", ("INVERSIONES Y CONSTRUCCIONES VALLE S.A.",)),
    PartyRecord("t", "haramain", "organization", ("AL-HARAMAIN ISLAMIC FOUNDATION",)),
    PartyRecord("t", "other", "organization", ("VALLE DEL CAUCA TRADING",)),
]


@pytest.mark.parametrize(
    ("token", "words", "expected"),
    [
        ("incovalle", ["inversiones", "construcciones", "valle"], True),
        ("metexcol", ["metalurgia", "extractiva", "colombia"], True),
        ("incovalle", ["inversiones", "valle"], False),  # CO is left unexplained
        ("ivalle", ["inversiones", "valle"], False),  # one letter is an initial, not a syllable
        ("valle", ["valle", "grande"], False),  # every word must contribute
    ],
)
def test_syllabic_abbreviations(token: str, words: list[str], expected: bool) -> None:
    assert sc._syllabic(token, words) is expected


def test_syllabic_abbreviation_and_glued_misspelling_are_found() -> None:
    matcher = Matcher(SYLLABIC_RECORDS)
    assert "incovalle" in alerts(matcher, "INCOVALLE")
    assert "other" not in alerts(matcher, "INCOVALLE")
    # AL glued to a misspelt HARAMAIN still reaches the entry through the index.
    assert "haramain" in alerts(matcher, "ALHARAMAYN ISLAMIC FOUNDATION")


def _truncation_matcher() -> Matcher:
    names = {
        "belize": "BELIZE SHIPPING LINE SERVICE LIMITED",
        "pacific": "PACIFIC SHIPPING AND TRANSPORTATION LIMITED",
        "kalash": "KALASHNIKOV CONCERN",
        "wolves": "NIGHT WOLVES",
        "nightingale": "NIGHTINGALE HOLDINGS",
        "bushehr": "BUSHEHR SHIPPING COMPANY",
        "lindemann": "Thomas LINDEMANN",
    }
    return Matcher(
        [
            PartyRecord("t", e, "person" if e == "lindemann" else "organization", (n,))
            for e, n in names.items()
        ]
    )


def test_words_cut_short_align_with_the_list_word_they_begin() -> None:
    matcher = _truncation_matcher()
    hit = matcher.search("BELIZE SHIPPING LINE SERVI LTD")[0]
    assert hit.entity_id == "belize"
    assert ("servi", "service") in hit.aligned
    assert f"servi~service ({sp.TRUNCATED_WORD_CREDIT:.2f})" in hit.explanation
    assert hit.score >= DEFAULT_THRESHOLD
    pacific = matcher.search("PACIFIC SHIPPING & TRANS CO")[0]
    assert ("trans", "transportation") in pacific.aligned


def test_only_words_no_list_uses_are_read_as_cut_short() -> None:
    matcher = _truncation_matcher()
    # NIGHT is a list word in its own right, so it is not NIGHTINGALE cut short.
    hits = matcher.search("NIGHT HOLDINGS", min_score=0.0, limit=10)
    assert all(("night", "nightingale") not in h.aligned for h in hits)
    # Four letters are too often a whole word: BUSH is not BUSHEHR cut short.
    hits = matcher.search("BUSH SHIPPING LTD", min_score=0.0, limit=10)
    assert all(("bush", "bushehr") not in h.aligned for h in hits)
    # Joined words come first: KALASH NIKOV is KALASHNIKOV, not KALASH(NIKOV) and a stray word.
    assert ("kalash nikov", "kalashnikov") in matcher.search("KALASH NIKOV CONCERN")[0].aligned
    # In a person's name a short word is a name of its own: LIND is not LINDEMANN.
    person = matcher.score_names("Thomas A. Lind", "Thomas LINDEMANN", candidate_type="person")
    assert ("lind", "lindemann") not in person.aligned


def test_two_pinyin_syllables_are_never_a_typo_of_each_other(matcher: Matcher) -> None:
    assert sp.spelling_credit("liang", "jiang") == 0.0
    assert sp.spelling_credit("huang", "hong") == 0.0  # not a transliteration either
    assert sp.spelling_credit("chen", "cheng") == 0.0
    assert sp.spelling_credit("zhangg", "zhang") > 0  # a misspelt syllable is still a typo
    hit = matcher.score_names("张亮", "ZHANG, Jiang Ping", candidate_type="person")
    assert ("liang", "jiang") not in hit.aligned


def test_persons_written_without_middle_names(matcher: Matcher) -> None:
    name, listed = "Gustavo Vargas", "VARGAS, Gustavo Adolfo"
    person = matcher.score_names(name, listed, candidate_type="person")
    company = matcher.score_names(name, listed, candidate_type="organization")
    assert "adolfo" in person.explanation.split("weighed less as place or extra words: ")[1]
    assert person.score > company.score  # a middle name weighs less than an extra company word
    assert person.score >= DEFAULT_THRESHOLD
    # One name alone is no person: "Gotthard" against "LERCH, Gotthard" keeps the usual weight.
    alone = matcher.score_names("Gotthard", "LERCH, Gotthard", candidate_type="person")
    as_company = matcher.score_names("Gotthard", "LERCH, Gotthard", candidate_type="organization")
    assert alone.score == as_company.score


def test_an_identifier_without_scheme_on_the_list_matches_any_scheme() -> None:
    matcher = Matcher(
        [
            PartyRecord(
                "opensanctions",
                "os-1",
                "company",
                ("NORTHERN STAR LLC",),
                (),
                (("other", "1027700132195"),),
            ),
            PartyRecord("t", "x", "company", ("SOUTHERN CROSS LLC",), (), (("ogrn", "999"),)),
        ]
    )
    hit = matcher.search("SEVERNAYA ZVEZDA", identifiers=[("OGRN", "1027700132195")])[0]
    assert hit.entity_id == "os-1" and hit.score == 100.0
    # A stated scheme with another value still counts against the entry.
    hits = matcher.search("SOUTHERN CROSS LLC", identifiers=[("ogrn", "1027700132195")])
    other = next(h for h in hits if h.entity_id == "x")
    assert other.parts["identifier"] < 0 and other.score < DEFAULT_THRESHOLD
