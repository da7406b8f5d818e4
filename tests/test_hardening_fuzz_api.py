"""Property-based run over the v3 OpenAPI document: no input makes the API answer 5xx.

Bounded (a few examples per operation) so it finishes in CI; covers the read endpoints and
the role-page write endpoints, authenticated with a real token. Schemathesis generates the
cases from our published schema; the Django app answers in-process through WSGI.
"""

from django.core.wsgi import get_wsgi_application

from wagtail.models import APIToken

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error

EXAMPLES_PER_OPERATION = 12


# Transactional: the WSGI handler recycles database connections around requests, exactly as
# in production, which a test wrapped in one transaction cannot survive on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_no_input_makes_the_v3_api_fail_with_a_server_error(role_page, django_user_model):
    user = django_user_model.objects.create_superuser("fuzzer", "fuzz@example.com", "x")
    token = APIToken.create_token(user=user, name="fuzz")[1]
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.openapi.from_wsgi("/api/v3/openapi.json", get_wsgi_application())
    schema = schema.include(path_regex=r"^/api/v3/pages/")

    operations = [result.ok() for result in schema.get_all_operations()]
    labels = sorted(op.label for op in operations)
    assert "GET /api/v3/pages/" in labels
    assert any(label.startswith("POST /api/v3/pages/") for label in labels)

    statuses = []
    run_operations(operations, headers, statuses)

    # The run really exercised the API: accepted requests and refused ones, never a 5xx.
    assert any(200 <= status < 300 for status in statuses)
    assert any(400 <= status < 500 for status in statuses)
    assert not [status for status in statuses if status >= 500]


def run_operations(operations, headers, statuses):
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case):
            response = case.call(headers=headers)
            statuses.append(response.status_code)
            case.validate_response(response, checks=[not_a_server_error])

        no_server_error()
