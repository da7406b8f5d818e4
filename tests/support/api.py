"""API test helpers: a token's headers, a valid role payload, the listing query budget."""

# Every API listing must stay within this many SQL queries, however many roles exist.
MAX_QUERIES = 15


def auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def new_role(**overrides):
    payload = {
        "role_name": "Platform Engineer",
        "year": 2026,
        "intro": "Platform engineers build the paved road.",
        "body": [
            {"type": "overview", "value": {"heading": "", "body": "<p>They build tools.</p>"}},
            {"type": "skills", "value": {"heading": "", "items": ["Kubernetes", "Go"]}},
            {
                "type": "salary_table",
                "value": {
                    "currency": "EUR",
                    "rows": [
                        {"level": "Intern", "intern_monthly_min": 3000, "intern_monthly_max": 4000},
                        {"level": "Entry-Level", "base_min": 60000, "base_max": 80000},
                        {"level": "Senior", "base_min": 90000, "base_max": 130000},
                    ],
                },
            },
            {"type": "apply", "value": {"heading": "", "text": "", "button_label": "Apply"}},
        ],
    }
    payload.update(overrides)
    return payload
