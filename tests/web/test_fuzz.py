"""The API fuzzed from its own OpenAPI document with schemathesis: no answer is a 500, and
every answer matches the schema the document promises (status codes, content types, bodies).
Bounded examples per operation keep it well under a minute.

One check of schemathesis is left out: that every request the schema allows is accepted. The
schema says a cursor is a string, a language a string; which strings are a cursor this listing
gave, or a language code, the server decides and answers 422 naming the parameter, which the
schema documents."""

from __future__ import annotations

from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from claimscope import Ledger
from claimscope.web import create_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = str(tmp_path_factory.mktemp("fuzz") / "ledger.db")
    with Ledger(path) as ledger:
        ledger.analyze([str(FIXTURES)])
    return create_app(path)


def test_fuzz_api_never_fails_and_matches_its_schema(app):  # type: ignore[no-untyped-def]
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6

    for operation in operations:

        @given(operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        def check(case):  # type: ignore[no-untyped-def]
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        check()
