"""schemathesis against the OpenAPI document: a bounded run (a fixed number of generated
requests per operation), as an admin on the demo workspace, with no server error and
every refusal in the one error shape."""

from __future__ import annotations

from itertools import product
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, openapi

from tests.web.conftest import Served

EXAMPLES = 15  # per operation and database: bounded by count, never by time


def test_no_generated_request_makes_the_server_fail(demo_served: Served) -> None:
    schema = openapi.from_url(f"{demo_served.url}/api/openapi.json")
    headers = {"Authorization": f"Bearer {demo_served.tokens['anna']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    statuses: list[int] = []
    for operation, mode in product(operations, GenerationMode):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: Any) -> None:
            response = case.call(headers=headers)
            statuses.append(response.status_code)
            where = f"{case.method} {case.formatted_path}"
            assert response.status_code < 500, (where, response.text)
            if response.status_code >= 400:
                error = response.json()["error"]
                assert set(error) == {"code", "message", "fields"}, where
                assert error["message"], where

        try:
            check()
        except Unsatisfiable:
            # Nothing invalid can be said to an operation without parameters or body.
            assert mode is GenerationMode.NEGATIVE, operation.label
    # Both valid and invalid requests were made, and answered.
    assert len(statuses) >= 2 * len(operations) * 3
    assert any(s < 300 for s in statuses) and any(s == 422 for s in statuses)
