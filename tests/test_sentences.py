from mapper.sentences import split_sentences


def _split(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "A rocket attack on Feb. 15 hit U.S. forces. Mr. Kirby spoke. It ended."
    assert _split(text) == [
        "A rocket attack on Feb. 15 hit U.S. forces.",
        "Mr. Kirby spoke.",
        "It ended.",
    ]


def test_headline_lines_are_sentences_and_offsets_are_verbatim() -> None:
    text = "Blast hits market\n\nBAGHDAD — A car bomb exploded. Police said so."
    spans = list(split_sentences(text))
    assert [text[s:e] for s, e in spans][0] == "Blast hits market"
    assert len(spans) == 3
