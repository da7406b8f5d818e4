"""The scale benchmark's generated documents are valid role documents the importer accepts."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from careers.blocks import RoleStreamBlock
from careers.facts.skills import find_skills
from careers.models import RolePage
from careers.pipeline.load import Importer
from careers.pipeline.parse import parse_document

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))

import scale_data

# Every kind of block a role page can hold: the stream block's children are the contract.
BLOCK_KINDS = set(RoleStreamBlock.base_blocks)
PAGE_LINK = re.compile(r"\]\(page:(/[^)]*)\)")


def test_documents_parse_cleanly_and_use_every_block_kind():
    documents = list(scale_data.documents(60))
    kinds, families, ladders, interns = set(), set(), set(), set()
    for name, text in documents:
        result = parse_document(text, name)
        assert result.ok, result.errors
        assert result.warnings == []
        doc = result.document
        kinds |= {section.kind for section in doc.sections}
        families.add(doc.family)
        path = next(s for s in doc.sections if s.kind == "career_path")
        ladders.add(len(path.steps))
        table = next(s for s in doc.sections if s.kind == "salary_table")
        interns.add(any(row.intern_monthly_min for row in table.rows))
        skills = next(s for s in doc.sections if s.kind == "skills")
        assert find_skills(" ".join(skills.items)), name
    assert kinds == BLOCK_KINDS
    assert "" in families and len(families) >= 5  # pages in no family, and several families
    assert ladders == {3, 4, 5, 6}
    assert interns == {True, False}


def test_documents_are_deterministic_and_distinct():
    first = list(scale_data.documents(40, seed=7))
    assert first == list(scale_data.documents(40, seed=7))
    assert first != list(scale_data.documents(40, seed=8))
    assert len({scale_data.slugify(text.splitlines()[0]) for _, text in first}) == 40


def test_internal_links_name_generated_anchor_roles_numbered_lower():
    roles = scale_data.roles(300)
    by_path = {role.path: role for role in roles}
    linked = 0
    for role in roles:
        for path in PAGE_LINK.findall(scale_data.document(role, roles)):
            if path == scale_data.CAREERS_PATH:
                continue
            target = by_path[path]
            assert target.is_anchor and target.number < role.number
            assert not role.is_anchor
            linked += 1
    assert linked > 200


def test_the_importer_publishes_a_generated_set_with_its_links(careers_index):
    documents = list(scale_data.documents(12))
    report = Importer(publish=True).run(documents)
    assert report.ok, report.errors
    assert RolePage.objects.live().count() == 12
    anchor = RolePage.objects.get(slug=scale_data.roles(12)[0].slug)
    linker = RolePage.objects.get(slug=scale_data.roles(12)[1].slug)
    overview = next(block for block in linker.body if block.block_type == "overview")
    assert f'id="{anchor.pk}"' in overview.value["body"].source
