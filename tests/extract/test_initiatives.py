"""Initiative names, acronyms, naming phrases and leaders."""


def test_named_by_apposition_and_led_by_a_relative_clause(facts_of):
    _, facts = facts_of(
        "The ministry announced Blue Harbor, a consortium for offshore wind research [1]. "
        "Wingtip University, which will lead the consortium, has worked on turbines for decades [1]."
    )
    assert [(i.name, i.led_by) for i in facts.initiatives] == [("Blue Harbor", "Wingtip University")]


def test_called_and_known_as(facts_of):
    _, facts = facts_of(
        "Carmakers want to share data through a common network called Data-Road [1]. "
        "Separately, the Regional Manufacturing and Design Ecosystem, known as ReMADE, was created by Contoso [2]."
    )
    found = {i.name: (i.acronym, i.led_by) for i in facts.initiatives}
    assert found == {"Data-Road": (None, None), "Regional Manufacturing and Design Ecosystem": ("ReMADE", "Contoso")}


def test_organisations_are_not_initiatives(facts_of):
    _, facts = facts_of(
        "Researchers at the Massachusetts Institute of Technology and the Flatiron Institute published a study [1]."
    )
    assert facts.initiatives == ()


def test_generic_reference_goes_to_the_main_initiative(facts_of):
    _, facts = facts_of(
        "The agency announced the National Institute for Marine Robotics (NIMR) on Friday [1]. "
        "The institute, led by Wingtip University, will open in 2026 [1]."
    )
    [item] = facts.initiatives
    assert (item.name, item.acronym, item.led_by) == ("National Institute for Marine Robotics", "NIMR",
                                                      "Wingtip University")


def test_acronym_inside_the_name(facts_of):
    _, facts = facts_of("The Northeast Microelectronics Coalition (NEMC) Hub will be run by Wingtip University [1].")
    assert [(i.name, i.acronym, i.led_by) for i in facts.initiatives] == [
        ("Northeast Microelectronics Coalition", "NEMC", "Wingtip University")]


def test_pronoun_subject_hosts_a_named_initiative(facts_of):
    _, facts = facts_of(
        "The Harbor Storage Alliance (HSA) is led by Wingtip National Laboratory [1]. "
        "Wingtip already knows the model: it hosted the Joint Center for Grid Research (JCGR), an earlier hub [2]."
    )
    leaders = {i.name: i.led_by for i in facts.initiatives}
    assert leaders == {"Harbor Storage Alliance": "Wingtip National Laboratory",
                       "Joint Center for Grid Research": "Wingtip National Laboratory"}
