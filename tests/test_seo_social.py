"""Social cards: drawn by a task queued on publish, stored once, never drawn on a request."""

import io
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management import call_command

from wagtail.models import PageViewRestriction

import pytest
from PIL import Image

from careers.models import CareersSettings, RolePage
from careers.pipeline.load import Importer
from careers.seo import social
from careers.testing.factories import CareersIndexPageFactory, sample_body
from careers.testing.samples import generate_documents


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def stored_cards(media):
    folder = media / social.CARD_DIR
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def publish(page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_publishing_draws_a_1200x630_png_card(make_role, media, django_capture_on_commit_callbacks):
    page = publish(
        make_role("Applied ML Engineer", publish=False), django_capture_on_commit_callbacks
    )
    card = social.card_for_page(page, "PropelGrad")
    assert stored_cards(media) == [Path(card.name).name]
    with default_storage.open(card.name) as handle, Image.open(handle) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)
    assert card.alt_text == "Applied ML Engineer — Base salary $125,000–$351,000 — PropelGrad"


def test_requests_print_the_card_url_without_drawing_anything(
    client, make_role, media, django_capture_on_commit_callbacks, monkeypatch
):
    page = publish(make_role("Data Engineer", publish=False), django_capture_on_commit_callbacks)
    before = stored_cards(media)

    def fail(*args, **kwargs):
        raise AssertionError("a request drew a social card")

    monkeypatch.setattr(social, "render_card", fail)
    html = client.get(page.url).content.decode()
    assert social.card_for_page(page, "PropelGrad").url in html
    assert stored_cards(media) == before


def test_a_new_salary_range_gives_a_new_card_and_url(
    make_role, media, django_capture_on_commit_callbacks
):
    page = publish(make_role("Data Engineer", publish=False), django_capture_on_commit_callbacks)
    first = social.card_for_page(page, "PropelGrad")
    body = sample_body("Data Engineer")
    for name, value in body:
        if name == "salary_table":
            value["rows"] = [{"level": "Senior", "base_min": 90000, "base_max": 95000}]
    page.body = body
    page = publish(page, django_capture_on_commit_callbacks)
    second = social.card_for_page(page, "PropelGrad")
    assert second.name != first.name
    assert "$90,000–$95,000" in second.alt_text
    assert Path(second.name).name in stored_cards(media)


def test_republishing_unchanged_content_reuses_the_stored_card(
    make_role, media, django_capture_on_commit_callbacks
):
    page = publish(make_role("Data Engineer", publish=False), django_capture_on_commit_callbacks)
    publish(page, django_capture_on_commit_callbacks)
    assert len(stored_cards(media)) == 1


def test_renaming_the_organisation_redraws_every_live_card(
    make_role, media, django_capture_on_commit_callbacks
):
    pages = [
        publish(make_role(n, publish=False), django_capture_on_commit_callbacks)
        for n in ("A Role", "B Role")
    ]
    settings = CareersSettings.for_site(pages[0].get_site())
    settings.organisation_name = "Acme"
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()
    for page in pages:
        assert Path(social.card_for_page(page, "Acme").name).name in stored_cards(media)


def test_long_role_names_are_wrapped_onto_the_card():
    text = social.CardText(
        "Principal Distributed Systems Reliability and Observability Engineer",
        "Base salary $250,000–$400,000",
        "PropelGrad",
    )
    font, lines = social._fit(
        text.role_name, 1200 - 2 * social.MARGIN, 3, (96, 84, 72, 60, 52), True
    )
    assert 1 < len(lines) <= 3
    assert " ".join(lines) == text.role_name
    assert all(font.getlength(line) <= 1200 - 2 * social.MARGIN for line in lines)
    image = Image.open(io.BytesIO(social.render_card(text)))
    assert image.size == (1200, 630)


def test_a_page_without_salaries_gets_a_card_without_a_salary_line(make_role):
    body = [item for item in sample_body("Writer") if item[0] != "salary_table"]
    page = make_role("Writer", body=body)
    text = social.card_text_for_page(page, "PropelGrad")
    assert text.salary_line == ""
    assert text.alt_text == "Writer — PropelGrad"


def test_the_command_draws_missing_cards_for_live_pages(make_role, media):
    live = make_role("Data Engineer")  # published without running on-commit hooks: no card yet
    make_role("Hidden Role", publish=False, live=False)
    assert stored_cards(media) == []
    out = io.StringIO()
    call_command("social_cards", stdout=out)
    assert stored_cards(media) == [Path(social.card_for_page(live, "PropelGrad").name).name]
    assert "1 card" in out.getvalue()


# --- only public pages have a card (cards live in public media) -------------------------


def restrict(page, django_capture_on_commit_callbacks, **kwargs):
    kwargs.setdefault("restriction_type", PageViewRestriction.PASSWORD)
    kwargs.setdefault("password", "s3cret")
    with django_capture_on_commit_callbacks(execute=True):
        return PageViewRestriction.objects.create(page=page, **kwargs)


def test_a_page_under_a_view_restriction_gets_no_card(
    make_role, media, django_capture_on_commit_callbacks
):
    page = make_role("Secret Role", publish=False)
    restrict(page, django_capture_on_commit_callbacks)
    publish(page, django_capture_on_commit_callbacks)
    assert stored_cards(media) == []


def test_a_restriction_on_an_ancestor_also_keeps_the_card_out(
    make_role, careers_index, media, django_capture_on_commit_callbacks
):
    restrict(
        careers_index,
        django_capture_on_commit_callbacks,
        restriction_type=PageViewRestriction.LOGIN,
        password="",
    )
    publish(make_role("Staff Only Role", publish=False), django_capture_on_commit_callbacks)
    assert stored_cards(media) == []


def test_restricting_a_published_page_removes_its_cards_and_lifting_it_redraws(
    make_role, careers_index, media, django_capture_on_commit_callbacks
):
    page = publish(make_role("Data Engineer", publish=False), django_capture_on_commit_callbacks)
    other = publish(make_role("Writer", publish=False), django_capture_on_commit_callbacks)
    page.role_name = "Senior Data Engineer"  # an older card of the page stays until removed
    page = publish(page, django_capture_on_commit_callbacks)
    assert len(stored_cards(media)) == 3

    restriction = restrict(page, django_capture_on_commit_callbacks)
    assert stored_cards(media) == [Path(social.card_for_page(other, "PropelGrad").name).name]

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert Path(social.card_for_page(page, "PropelGrad").name).name in stored_cards(media)

    # A restriction added on the parent reaches every role below it.
    restrict(careers_index, django_capture_on_commit_callbacks)
    assert stored_cards(media) == []


def test_unpublishing_or_deleting_a_role_removes_its_cards(
    make_role, media, django_capture_on_commit_callbacks
):
    gone = publish(make_role("Data Engineer", publish=False), django_capture_on_commit_callbacks)
    hidden = publish(make_role("Writer", publish=False), django_capture_on_commit_callbacks)
    kept = publish(make_role("Designer", publish=False), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        hidden.unpublish()
    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()
    assert stored_cards(media) == [Path(social.card_for_page(kept, "PropelGrad").name).name]


def test_moving_a_role_under_a_restricted_section_removes_its_card(
    make_role, home, media, django_capture_on_commit_callbacks
):

    page = publish(make_role("Data Engineer", publish=False), django_capture_on_commit_callbacks)
    staff = CareersIndexPageFactory(parent=home, title="Staff", slug="staff")
    restrict(staff, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        page.move(staff, pos="last-child")
    assert stored_cards(media) == []


def test_renaming_the_organisation_draws_no_card_for_a_restricted_page(
    make_role, media, django_capture_on_commit_callbacks
):
    page = make_role("Secret Role")
    restrict(page, django_capture_on_commit_callbacks)
    settings = CareersSettings.for_site(page.get_site())
    settings.organisation_name = "Acme"
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()
    assert stored_cards(media) == []


def test_the_command_removes_cards_of_pages_that_are_not_public(
    make_role, media, django_capture_on_commit_callbacks
):
    public = make_role("Data Engineer")
    secret = make_role("Secret Role")
    unpublished = make_role("Old Role")
    for page in (public, secret, unpublished):
        social.ensure_card(page, "PropelGrad")  # cards drawn before the rule existed
    default_storage.save(f"{social.CARD_DIR}/no-page-at-all.png", io.BytesIO(b"x"))
    # Changed without signals (e.g. a raw import), so only the command can notice.
    PageViewRestriction.objects.bulk_create(
        [PageViewRestriction(page=secret, restriction_type="password", password="x")]
    )
    type(unpublished).objects.filter(pk=unpublished.pk).update(live=False)

    out = io.StringIO()
    call_command("social_cards", stdout=out)
    assert stored_cards(media) == [Path(social.card_for_page(public, "PropelGrad").name).name]
    assert "0 card(s) drawn, 1 already stored, 3 removed" in out.getvalue()


def test_a_card_file_name_says_whose_card_it_is(make_role):
    page = make_role("Data Engineer")
    card = social.card_for_page(page, "PropelGrad")
    assert social.card_page_id(Path(card.name).name) == page.pk
    assert social.card_page_id("data-engineer-0123456789abcdef.png") is None


def test_publishing_draws_nothing_until_the_commit_runs_the_card_task(make_role, media):
    page = make_role("Data Engineer")  # published; on-commit callbacks are not run here
    assert stored_cards(media) == []
    social.sync_cards_task.enqueue([page.pk])  # what the worker runs once the publish commits
    assert stored_cards(media) == [Path(social.card_for_page(page, "PropelGrad").name).name]


def test_an_import_queues_one_card_task_that_draws_every_page(
    careers_index, media, monkeypatch, django_capture_on_commit_callbacks
):
    runs = []
    sync_pages = social.sync_pages
    monkeypatch.setattr(social, "sync_pages", lambda ids: runs.append(ids) or sync_pages(ids))
    with django_capture_on_commit_callbacks(execute=True):
        report = Importer(publish=True).run(generate_documents(4))
    assert report.ok
    pages = RolePage.objects.child_of(careers_index)
    assert runs == [sorted(page.pk for page in pages)]
    assert stored_cards(media) == sorted(
        Path(social.card_for_page(page, "PropelGrad").name).name for page in pages
    )
