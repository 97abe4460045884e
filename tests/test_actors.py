from mapper.actors import find_actors


def test_kataib_spellings_fold_to_one_name() -> None:
    for text in ("Kataib Hezbollah", "Kata’ib Hezbollah", "Kait’ib Hezbollah", "KH"):
        assert find_actors(f"targets used by {text} fighters") == ("Kataib Hezbollah",)


def test_kss_pentagon_and_pkk_aliases() -> None:
    assert find_actors("Kataib Sayyid al-Shuhada (KSS)") == ("Kataib Sayyid al-Shuhada",)
    assert find_actors("The Pentagon said U.S. forces struck") == ("U.S. military",)
    assert find_actors("the Kurdistan Workers' Party (PKK)") == ("PKK",)


def test_sponsor_adjectives_are_not_actors() -> None:
    assert find_actors("an Iran-backed militia") == ()
