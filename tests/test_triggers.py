from mapper.triggers import find_triggers


def _types(text: str) -> list[str]:
    return [t.event_type for t in find_triggers(text, 0, len(text)) if t.typed]


def test_types_from_trigger_phrases() -> None:
    assert _types("seven 500-pound bombs dropped on buildings") == ["airstrike"]
    assert _types("US warplanes dropped seven 500-pound bombs") == ["airstrike"]
    assert _types("a June 9 attack with drones loaded with explosives") == ["drone_attack"]
    assert _types("a suicide car bomb exploded") == ["suicide_bombing"]
    assert _types("a car bomb exploded") == ["car_bombing"]
    assert _types("a roadside bomb struck a convoy") == ["ied"]
    assert _types("rockets hit the base") == ["rocket_attack"]
    assert _types("artillery shelling hit the town") == ["shelling"]


def test_negations_hypotheticals_and_options_are_not_events() -> None:
    assert _types("The Pentagon said it would consider airstrikes") == []
    assert _types("Iran threatened to launch missile attacks") == []
    assert _types("The decision to strike in Syria was smart") == []
    assert _types("these strikes will not stop the drone attacks") == []


def test_definite_reference_and_aggregates() -> None:
    (trigger,) = find_triggers("The airstrike was in retaliation", 0, 13)
    assert trigger.definite
    text = "at least five militia drone attacks since April"
    assert all(t.aggregate for t in find_triggers(text, 0, len(text)) if t.typed)


def test_a_counted_further_attack_happened() -> None:
    assert find_triggers("Rebels launched two further assaults at the district.", 0, 53)
    assert find_triggers("There may be further assaults on the district.", 0, 46) == []


def test_people_feared_killed_were_killed() -> None:
    text = "At least a dozen villagers have been feared killed in the raid on Tuesday."
    assert [text[t.start : t.end] for t in find_triggers(text, 0, len(text))][0] == "killed"
    # Fearing an attack is still no attack.
    text = "Residents feared attacks on the market."
    assert find_triggers(text, 0, len(text)) == []


def test_a_counterattack_is_an_event() -> None:
    text = "Rebel groups launched a counterattack in the hills on Friday."
    assert [text[t.start : t.end] for t in find_triggers(text, 0, len(text))] == ["counterattack"]


def test_in_addition_to_the_strikes_refers_back() -> None:
    text = "In addition to the airstrikes over the hills, the air force also struck a depot."
    (airstrikes, struck) = find_triggers(text, 0, len(text))
    assert airstrikes.temporal_reference and not struck.temporal_reference


def test_bombs_that_exploded_name_a_bombing() -> None:
    assert _types("two bombs exploded near a busy market") == ["bombing"]
    assert _types("Bombs went off outside the stadium") == ["bombing"]


def test_pounding_reports_violence() -> None:
    text = "Jets are pounding rebel positions near the town."
    assert [text[t.start : t.end] for t in find_triggers(text, 0, len(text))] == ["pounding"]
