"""Rules fixed on the invented fixtures, each on a sentence of its own."""

from tests.extract.conftest import partners


def test_associated_words_alone_make_no_domain(facts_of):
    _, facts = facts_of("The Lakeside Robotics Alliance was launched by Acme Robotics. Students from three universities "
                        "visited, and more universities will follow.", tags="robotics")
    assert "education" not in {d.name for d in facts.domains}


def test_joined_as_a_partner_states_the_role(facts_of):
    _, facts = facts_of("The Lakeside Robotics Alliance was launched by Acme Robotics. Borealis Systems has joined the "
                        "alliance as a partner.")
    assert partners(facts).get("Borealis Systems") == "partner"


def test_two_universities_joined_by_and_are_two_members(facts_of):
    _, facts = facts_of("The Lakeside Robotics Alliance is led by Acme Robotics. Eindhoven University of Technology and "
                        "Delft University of Technology joined as members.")
    assert partners(facts) == {"Eindhoven University of Technology": "member",
                               "Delft University of Technology": "member"}


def test_the_hubs_director_works_for_the_hub(facts_of):
    _, facts = facts_of("The Lakeside Robotics Hub is hosted by Acme Robotics. Dr. Jane Foster, the hub's director, "
                        "said the work starts in May.")
    person = next(p for p in facts.people if p.name == "Jane Foster")
    assert (person.role, person.org) == ("Director", "Lakeside Robotics Hub")
