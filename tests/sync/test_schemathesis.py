"""The published OpenAPI against the real server on 127.0.0.1, fuzzed by schemathesis.

Every operation, with a valid token and without, with inputs the schema allows and inputs
it does not: no answer is a server error, every status code is declared, and every body
conforms to the declared schema. A bounded number of examples keeps it under a minute.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.sync.conftest import ServerThread

EXAMPLES = 60
#: What counts as rejecting invalid input: schemathesis's list, plus 413 (a body over the
#: published size limits, refused before it is parsed; declared in the OpenAPI).
REJECTIONS = [400, 401, 403, 404, 405, 406, 409, 413, 415, 422, 428, 429]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_published(server: ServerThread, mode: GenerationMode) -> None:
    token = server.store.create_workstation("fuzz", site="S1")
    config = SchemathesisConfig.from_dict(
        {"checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}}})
    schema = schemathesis.openapi.from_url(f"{server.url}/openapi.json", config=config)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in operations} >= {"/v1/hello", "/v1/push", "/v1/pull",
                                              "/v1/snapshot", "/v1/aggregates"}
    checks = CHECKS + ([negative_data_rejection] if mode is GenerationMode.NEGATIVE else [])
    statuses: dict[str, set[int]] = {}
    for operation in operations:
        if mode is GenerationMode.NEGATIVE and not (len(operation.body) or len(operation.query)):
            continue  # health takes no input: nothing to make invalid
        strategy = operation.as_strategy(generation_mode=mode)

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=strategy, with_token=st.booleans())
        def run(case: Any, with_token: bool) -> None:
            headers = {"Authorization": f"Bearer {token}"} if with_token else {}
            response = case.call(base_url=server.url, headers=headers)
            case.validate_response(response, checks=checks, headers=headers)
            statuses.setdefault(case.operation.label, set()).add(response.status_code)

        run()
    # both sides of the door were exercised, and valid input reached the store's logic
    assert all(401 in seen for seen in statuses.values() if seen != {200})
    if mode is GenerationMode.POSITIVE:
        reached = {label for label, seen in statuses.items() if 200 in seen}
        assert reached >= {"POST /v1/push", "POST /v1/pull", "POST /v1/snapshot",
                           "GET /v1/aggregates"}, statuses
    else:
        assert all(seen & {400, 422} for seen in statuses.values()), statuses
