"""Build Wagtail admin POST data for a RolePage from plain (block, value) pairs.

The admin's StreamField form is prefix-based; generating it from the block definitions keeps
tests readable and exercises exactly what an editor's browser submits.
"""

from wagtail import blocks
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from careers.blocks import RoleStreamBlock


def block_form_data(block, value, prefix):
    data = {}
    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = str(len(value))
        for index, (name, child_value) in enumerate(value):
            data[f"{prefix}-{index}-type"] = name
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            data.update(
                block_form_data(block.child_blocks[name], child_value, f"{prefix}-{index}-value")
            )
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            if name in value:
                data.update(block_form_data(child, value[name], f"{prefix}-{name}"))
    elif isinstance(block, blocks.ListBlock):
        data[f"{prefix}-count"] = str(len(value))
        for index, item in enumerate(value):
            data[f"{prefix}-{index}-deleted"] = ""
            data[f"{prefix}-{index}-order"] = str(index)
            data.update(block_form_data(block.child_block, item, f"{prefix}-{index}-value"))
    elif isinstance(block, blocks.RichTextBlock):
        data[prefix] = rich_text(value)
    else:
        data[prefix] = "" if value is None else str(value)
    return data


def role_page_form_data(role_name, year, intro, body, title="", slug="", publish=True):
    data = {
        "role_name": role_name,
        "year": str(year),
        "intro": intro,
        "title": title,
        "slug": slug,
        **block_form_data(RoleStreamBlock(), body, "body"),
        # The related-roles inline panel submits an (empty) formset with the page.
        **nested_form_data({"related_role_links": inline_formset([])}),
    }
    if publish:
        data["action-publish"] = "action-publish"
    return data
