"""Property tests: no input crashes the parser; what it accepts, the blocks accept too."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careers.pipeline.load import ApplyDefaults, document_to_payload, validate_body
from careers.pipeline.parse import parse_document
from careers.testing.samples import generate_documents

REPO = Path(__file__).resolve().parents[1]
SEED = REPO.parent / "shared" / "seed" / "applied-ml-engineer.txt"
DEFAULTS = ApplyDefaults("PropelGrad", "Submit your profile to {organisation} for {role} roles.")


def base_documents() -> list[str]:
    """The seed (when present), the demo documents and a few generated ones."""
    texts = [
        path.read_text(encoding="utf-8") for path in sorted((REPO / "demo/roles").glob("*.txt"))
    ]
    if SEED.exists():
        texts.append(SEED.read_text(encoding="utf-8"))
    texts.extend(text for _, text in generate_documents(3, seed=7))
    return texts


BASES = base_documents()
# Characters the format cares about, so mutations hit the interesting paths.
TOKENS = st.sampled_from(
    list("|-–—→✓$€£%+?:#{}()0123456789,. \t\nAaZz")
    + ["\x00", "\r", "/mo", " yrs", "\ufeff", "| ", " |", "k", "USD ", "Q: ", "## "]
)


def fragments(max_size: int):
    return st.lists(TOKENS, max_size=max_size).map("".join)


def check(result, text: str) -> None:
    line_count = max(1, text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1)
    for problem in result.errors + result.warnings:
        assert 1 <= problem.line <= line_count, problem
        assert str(problem).startswith(f"{problem.source}:{problem.line}: ")
    if result.document is None:
        assert result.errors, "no document and no error to say why"
    else:
        assert not result.errors
        # Whatever the parser accepts must also pass the page's own validation.
        payload = document_to_payload(result.document, apply_defaults=DEFAULTS)
        assert validate_body(payload, "x.txt", result.document) == []


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_arbitrary_text_never_crashes(text):
    check(parse_document(text, "fuzz.txt"), text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragments(400))
def test_format_characters_never_crash(text):
    check(parse_document(text, "fuzz.txt"), text)


@st.composite
def mutated(draw):
    lines = draw(st.sampled_from(BASES)).split("\n")
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            break
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "edit", "cut"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[index], lines[other] = lines[other], lines[index]
        elif action == "insert":
            lines.insert(index, draw(fragments(30)))
        elif action == "edit":
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            lines[index] = line[:at] + draw(fragments(6)) + line[at + 3 :]
        else:
            lines = lines[:index]
    return "\n".join(lines)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_documents_parse_or_report_lines(text):
    check(parse_document(text, "mutant.txt"), text)


def test_generated_documents_all_parse():
    for name, text in generate_documents(50, seed=11):
        result = parse_document(text, name)
        assert result.errors == [], result.errors
