"""The README's pandas example runs as written, with a token, against a live server: an
analyst pulls the interviews and the results (the same numbers as the results page)."""

import re
from importlib import import_module
from pathlib import Path

import pytest
from django.apps import apps
from django.core.cache import cache

from accounts.roles import Role
from api.services import create_token
from reports.filters import ReportFilters
from reports.results import interview_results

from .factories import UserFactory
from .seed_assessment import build

README = Path(__file__).resolve().parent.parent / "README.md"


def example() -> str:
    text = README.read_text()
    block = text.split("<!-- api-pandas-example -->", 1)[1]
    return re.search(r"```python\n(.*?)```", block, re.DOTALL).group(1)


@pytest.mark.django_db(transaction=True)
def test_the_readme_pandas_example_runs(live_server, capsys):
    cache.clear()
    # The themes the coding app's migration ships: an earlier transactional test (the browser
    # tests) may have flushed them.
    import_module("coding.migrations.0002_section_iii_themes").ship(apps, None)
    build(UserFactory(username="maria", role=Role.RESEARCHER))
    analyst = UserFactory(username="ana", role=Role.ANALYST)
    key = create_token(analyst, "pandas").key
    code = example()
    code, swapped = re.subn(r'^API = ".*?"', f'API = "{live_server.url}/api/v1"', code, flags=re.M)
    code, swapped_token = re.subn(r'^TOKEN = ".*?"', f'TOKEN = "{key}"', code, flags=re.M)
    assert swapped == swapped_token == 1
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README

    interviews = namespace["interviews"]
    assert len(interviews) == 5
    assert {"respondent_name", "knows_laws", "coordination_actors"} <= set(interviews.columns)
    assert interviews["respondent_name"].str.match(r"^P-[0-9a-f]{10}$").all()
    assert set(interviews["sector"]) == {"Public", "Private"}
    knowledge = namespace["knowledge"]
    [section] = [s for s in interview_results(ReportFilters()) if s.section.code == "K"]
    expected = {
        (r.item.code, a.label): (a.tally.public, a.tally.private)
        for r in section.items
        for a in r.answers
    }
    found = {
        (row["code"], row["answer.label"]): (row["answer.counts.public"],
                                              row["answer.counts.private"])
        for _i, row in knowledge.iterrows()
    }  # fmt: skip
    assert found == expected
    assert "knows_laws" in capsys.readouterr().out
