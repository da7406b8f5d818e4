"""Script and event-handler injection in an imported text document ends up as inert text."""

from pathlib import Path

from django.core.management import call_command

from bs4 import BeautifulSoup

from careers.models import RolePage

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">x</a>'


def hostile_document() -> str:
    lines = (ROOT / "demo" / "roles" / "data-engineer.txt").read_text().splitlines()
    out = []
    intro = 2 if lines[1].startswith("Family:") else 1
    for index, line in enumerate(lines):
        out.append(line)
        if index == intro:
            out[-1] = f"{line} {HOSTILE}"
        elif line.startswith("What Does"):
            lines[index + 1] = f"{lines[index + 1]} {HOSTILE}"
        elif line.startswith("- ✓"):
            out[-1] = f"{line} {HOSTILE}"
    return "\n".join(out) + "\n"


def test_hostile_markup_in_an_imported_document_is_neutralised(client, careers_index, tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(hostile_document())
    call_command("import_roles", str(path), "--publish")

    page = RolePage.objects.get()
    html = client.get(page.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    scripts = [s for s in soup.find_all("script") if s.get("type") != "application/ld+json"]
    assert all(s.get("src") for s in scripts)
    assert not soup.find_all(attrs={"onerror": True})
    assert not [a for a in soup.find_all("a") if a.get("href", "").startswith("javascript:")]
    # What the document said is still there, as text.
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3
