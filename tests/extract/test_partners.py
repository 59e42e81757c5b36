"""Partner rules on sentences written for these tests (names are invented)."""

from tests.extract.conftest import partners


def test_coordinated_list_after_founding_trigger(facts_of):
    _, facts = facts_of(
        "Northwind University launched the Harbor Quantum Alliance on Monday [1]. "
        "Its founding members are Contoso, Fabrikam Industries, Tailspin Toys and Litware [1]."
    )
    assert [i.name for i in facts.initiatives] == ["Harbor Quantum Alliance"]
    assert facts.initiatives[0].led_by == "Northwind University"
    assert partners(facts) == dict.fromkeys(["Contoso", "Fabrikam Industries", "Tailspin Toys", "Litware"],
                                            "founding_member")


def test_leader_is_never_its_own_partner(facts_of):
    _, facts = facts_of(
        "The Prairie Grid Storage Hub is led by Wingtip University in partnership with Adatum and Proseware [1]. "
        "Wingtip University is also a member of several other networks [1]."
    )
    assert facts.initiatives[0].led_by == "Wingtip University"
    assert partners(facts) == {"Adatum": "partner", "Proseware": "partner"}


def test_joint_launch_has_no_leader_and_founders_are_partners(facts_of):
    _, facts = facts_of("Contoso and Fabrikam launched the Open Robotics Coalition in Berlin [1].")
    [coalition] = facts.initiatives
    assert coalition.led_by is None
    assert partners(facts) == {"Contoso": "founding_member", "Fabrikam": "founding_member"}


def test_backed_by_donations_makes_funders(facts_of):
    _, facts = facts_of(
        "Northwind University started the Clean Water Initiative last year [1]. "
        "The initiative is backed by donations from two companies: the chemicals group Litware and the "
        "engineering firm Proseware [2]."
    )
    assert partners(facts) == {"Litware": "funder", "Proseware": "funder"}


def test_joining_later_is_member(facts_of):
    _, facts = facts_of(
        "The Northern Lights Computing Consortium (NLCC) brings together universities across the region [1]. "
        "Tailspin Toys has joined the consortium as its newest participant [2]."
    )
    [item] = facts.initiatives
    assert (item.name, item.acronym) == ("Northern Lights Computing Consortium", "NLCC")
    assert partners(facts) == {"Tailspin Toys": "member"}


def test_negated_and_rival_organisations_are_not_partners(facts_of):
    _, facts = facts_of(
        "Adatum and Contoso launched the Harbor Battery Alliance [1]. "
        "Fabrikam has not joined the alliance [1]. "
        "Rivals such as Litware and Proseware are building their own programmes [2]."
    )
    assert partners(facts) == {"Adatum": "founding_member", "Contoso": "founding_member"}


def test_every_partner_names_a_backed_sentence(facts_of):
    article, facts = facts_of(
        "Northwind University launched the Harbor Quantum Alliance [3]. "
        "Its founding members are Contoso and Litware [4]."
    )
    for partner in facts.partners:
        assert article.sentences[partner.sentence].backing == (4,)


def test_teamed_up_to_form_is_a_joint_launch(facts_of):
    _, facts = facts_of("Contoso has teamed up with Fabrikam and Litware to form the Desert Solar Partnership [1].")
    assert facts.initiatives[0].led_by is None
    assert partners(facts) == dict.fromkeys(["Contoso", "Fabrikam", "Litware"], "founding_member")


def test_joins_as_a_partner_and_relative_clause_leader(facts_of):
    _, facts = facts_of("Proseware joins as a partner of the Desert Solar Partnership, which Contoso leads [1].")
    assert facts.initiatives[0].led_by == "Contoso"
    assert partners(facts) == {"Proseware": "partner"}


def test_in_collaboration_with_and_funded_by(facts_of):
    _, facts = facts_of(
        "Litware, Contoso, and Fabrikam are the founding members of the Atlantic Data Alliance [1]. "
        "The alliance is funded by the Adatum Foundation and works in collaboration with Proseware [2]. "
        "Reuters reported the news first [2]."
    )
    assert partners(facts) == {"Litware": "founding_member", "Contoso": "founding_member",
                               "Fabrikam": "founding_member", "Adatum Foundation": "funder",
                               "Proseware": "collaborator"}
