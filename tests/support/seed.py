"""The seed document (shared/seed/applied-ml-engineer.txt) rebuilt by hand as typed content.

Content checks must find no errors in it; tests build the page from this without the parser, so
a check is tested apart from the importer.
"""

from pathlib import Path

from careers.testing.blocks import faq, salary_table

SEED_PATH = Path(__file__).resolve().parents[3] / "shared" / "seed" / "applied-ml-engineer.txt"

ROLE = "Applied ML Engineer"
TITLE = "Applied ML Engineer Jobs & Internships 2026"
INTRO = (
    "Applied ML engineers use machine learning to solve specific, high-impact business "
    "problems \u2014 fraud detection, search ranking, content recommendation, dynamic pricing, "
    "and demand forecasting."
)
OVERVIEW_HEADING = "What Does a Applied ML Engineer Do?"
DAY_HEADING = "A Day in the Life of a Applied ML Engineer"
STEPS = [
    "Applied ML Intern",
    "Applied ML Engineer I",
    "Applied ML Engineer II",
    "Senior Applied ML Engineer",
    "Staff Applied ML Engineer",
]
FAQ_QUESTIONS = [
    "What industries hire applied ML engineers most?",
    "Do applied ML engineers need to know deep learning?",
    "How is applied ML engineering different at a startup vs. a large company?",
    "What is training-serving skew and why does it matter for applied ML?",
    "How should I prepare for an applied ML engineering interview?",
]
SKILLS = [
    "Gradient boosting with XGBoost, LightGBM, and CatBoost for tabular prediction",
    "Deep learning ranking models including DLRM and two-tower retrieval architectures",
    "A/B testing framework design and statistical significance analysis",
    "Feature engineering and selection for high-cardinality categorical variables",
    "Online learning and bandit algorithms for real-time model adaptation",
    "SQL and distributed data processing for feature computation at scale",
    "Model interpretability with SHAP values and permutation importance",
    "Python MLOps tooling: model packaging, API serving, and monitoring integration",
]


def seed_body() -> list:
    """The seed's sections as (block name, value) pairs, headings overridden as the seed has them."""
    return [
        (
            "overview",
            {
                "heading": OVERVIEW_HEADING,
                "body": "<p>Applied ML engineers work closely with product and business teams to "
                "define ML problem formulations that align model objectives with business "
                "metrics. Online A/B testing is central to their work.</p>",
            },
        ),
        ("skills", {"heading": "Required Skills & Qualifications", "items": list(SKILLS)}),
        (
            "day_in_the_life",
            {
                "heading": DAY_HEADING,
                "body": "<p>The morning starts with reviewing an A/B test dashboard. The "
                "mid-morning is spent feature engineering \u2014 working with a data analyst to "
                "understand why a new fraud signal has a high feature importance score.</p>",
            },
        ),
        ("career_path", {"heading": "Career Path & Salary Progression", "steps": list(STEPS)}),
        ("salary_table", salary_table()),
        (
            "apply",
            {
                "heading": "Apply for Applied ML Engineer Roles",
                "text": "Submit your profile and a PropelGrad recruiter will help you land an "
                "interview for applied ml engineer internships and entry-level positions at top "
                "companies.",
                "button_label": "Submit your profile",
            },
        ),
        (
            "faq",
            faq(
                *[(question, "<p>It depends on the company.</p>") for question in FAQ_QUESTIONS],
                heading="Applied ML Engineer \u2014 Frequently Asked Questions",
            ),
        ),
    ]
