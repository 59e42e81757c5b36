"""People: titles before the name, appositions after it."""


def people(facts):
    return {p.name: (p.role, p.org) for p in facts.people}


def test_apposition_gives_role_and_organisation(facts_of):
    _, facts = facts_of("Maria Keller, chief technology officer of Contoso, said the project would start soon [1].")
    assert people(facts) == {"Maria Keller": ("Chief Technology Officer", "Contoso")}


def test_title_before_the_name(facts_of):
    _, facts = facts_of("Fabrikam CEO Daniel Brooks said the company was proud to take part [1].")
    assert people(facts) == {"Daniel Brooks": ("CEO", "Fabrikam")}


def test_acronym_employer_is_written_in_full(facts_of):
    _, facts = facts_of(
        "The Northwind Institute of Technology (NIT) opened a new laboratory [1]. "
        "NIT President Laura Chen welcomed the decision [1]."
    )
    assert people(facts) == {"Laura Chen": ("President", "Northwind Institute of Technology")}


def test_unit_and_employer_split(facts_of):
    _, facts = facts_of(
        "Omar Haddad, head of the Centre for Applied Optics at Wingtip University, said the lab is ready [2]."
    )
    assert people(facts) == {"Omar Haddad": ("Head of the Centre for Applied Optics", "Wingtip University")}


def test_government_title_without_organisation(facts_of):
    _, facts = facts_of("Governor Helen Park presented the plan on Monday [1].")
    assert people(facts) == {"Helen Park": ("Governor", None)}


def test_companies_in_a_list_are_not_people(facts_of):
    _, facts = facts_of("Its founding members are Red Hat, Sanofi and Oracle [1].")
    assert people(facts) == {}
