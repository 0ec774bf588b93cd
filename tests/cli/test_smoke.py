from tests.conftest import Cli


def test_person_added_and_listed(cli: Cli) -> None:
    cli("person", "add", "Hans Braun", "--email", "hans@braun.de", "--country", "DE")
    people = cli.json("person", "list")
    assert isinstance(people, dict)
    assert [p["name"] for p in people["people"]] == ["Hans Braun"]
    assert people["people"][0]["timezone"] == "Europe/Berlin"
