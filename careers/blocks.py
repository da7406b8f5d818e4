"""The role page's StreamField blocks. Child names of RoleStreamBlock are the API contract."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property

from wagtail import blocks
from wagtail.admin.telepath import register
from wagtail.api.rich_text import APIRichText
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockAdapter
from wagtail.blocks.struct_block import (
    BlockGroup,
    StructBlockAdapter,
    StructBlockValidationError,
)
from wagtail.rich_text import RichText

from careers.chart import SalaryChart, salary_chart
from careers.facts.salary import (
    CURRENCY_SYMBOLS,
    DEFAULT_CURRENCY,
    FIGURE_MAX,
    FIGURE_TOO_LARGE,
    INTERN_ROW,
    KIND_RANGES,
    ROW_KINDS,
    SALARY_RANGES,
    STANDARD_LEVELS,
    SUMMARY_SEPARATOR,
    currency_problem,
    format_money_range,
    format_percent_range,
    level_bounds,
    level_display,
    level_meaning,
    range_problem,
    row_kind,
    source_line,
)
from careers.facts.sections import (
    BLOCK_COUNTS,
    REQUIRED_SECTIONS,
    SECTION_LABELS,
    STANDARD_SECTIONS,
    generated_heading,
)
from careers.facts.site import (
    DEFAULT_BUTTON_LABEL,
    apply_text_template,
    fill_apply_text,
    organisation_name,
)
from careers.validators import validate_single_line

RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul", "h3", "h4"]
# What the API gives for rich text unless ?rich_text_format= asks otherwise: display HTML.
API_RICH_TEXT_FORMAT = "html"
PREVIEW_ROLE = "Data Engineer"


class LineBlock(blocks.CharBlock):
    """A CharBlock for one line of text: refuses line breaks and control characters."""

    def __init__(self, *args, validators=(), **kwargs):
        super().__init__(*args, validators=(validate_single_line, *validators), **kwargs)

    class Meta:
        icon = "title"


class APIRichTextBlock(blocks.RichTextBlock):
    """Rich text whose API JSON is display HTML unless the context names another format.

    Wagtail's own block reads the format from the request and defaults to the stored HTML;
    the API passes ``{"rich_text_format": ...}`` in the context instead.
    """

    def get_api_representation(self, value, context=None):
        rich_text_format = (context or {}).get("rich_text_format") or API_RICH_TEXT_FORMAT
        source = value.source if isinstance(value, RichText) else (value or "")
        return APIRichText.serialize(source, format=rich_text_format)

    def api_schema(self) -> dict:
        """The JSON Schema of what get_api_representation returns."""
        schema = {
            "type": "string",
            "contentMediaType": "text/html",
            "x-rich-text-features": list(self.features or []),
        }
        return schema if self.required else {**schema, "type": ["string", "null"]}


# Migrations freeze the stock block: the subclass changes only the API output.
DECONSTRUCT_ALIASES = {APIRichTextBlock: "wagtail.blocks.RichTextBlock"}


class APIStructBlock(blocks.StructBlock):
    """A struct whose API JSON has every child, in definition order, as the read schema says.

    Wagtail's default lists only the keys the value holds, which a value built in memory
    (rather than loaded from the database) may lack.
    """

    def get_api_representation(self, value, context=None):
        return {
            name: child.get_api_representation(value.get(name), context=context)
            for name, child in self.child_blocks.items()
        }


def role_name_from_context(parent_context) -> str:
    """The role the block belongs to, from the page being rendered (or a sample in previews)."""
    page = (parent_context or {}).get("page")
    return getattr(page, "role_name", "") or PREVIEW_ROLE


def heading_id(section: str, parent_context) -> str:
    """A unique, stable id for a section's heading (the block id keeps repeats apart)."""
    block_id = str((parent_context or {}).get("block_id") or "")[:8]
    return f"{section or 'section'}-{block_id}" if block_id else (section or "section")


def with_one_empty_item(value, name: str, list_block: blocks.ListBlock):
    """A new section's list starts with one empty item, so the editor types instead of adding."""
    if not value.get(name):
        value[name] = list_block.normalize([list_block.child_block.get_default()])
    return value


class SectionValue(blocks.StructValue):
    """A section whose heading is generated from the role name unless the editor overrides it."""

    section = ""

    def display_heading(self, role_name: str) -> str:
        override = (self.get("heading") or "").strip()
        if override:
            return override
        return generated_heading(self.block.meta.section or self.section, role_name)


class SectionBlock(APIStructBlock):
    """Base for sections with an optional heading override; puts the heading in the context."""

    heading = LineBlock(
        required=False,
        max_length=200,
        help_text="Leave blank to use the generated heading, which names the role with the right article.",
    )

    class Meta:
        value_class = SectionValue
        section = ""

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["heading"] = value.display_heading(role_name_from_context(parent_context))
        context["heading_id"] = heading_id(value.block.meta.section, parent_context)
        return context


class OverviewBlock(SectionBlock):
    """What the role does."""

    body = APIRichTextBlock(
        features=RICH_TEXT_FEATURES, help_text="What people in this role do day to day."
    )

    class Meta:
        section = "overview"
        icon = "doc-full"
        label = SECTION_LABELS["overview"]
        template = "careers/blocks/overview.html"
        description = "A rich-text section on what the role does, under a generated heading."
        preview_value = {
            "heading": "",
            "body": "<p>Data engineers build the pipelines that move and shape data.</p>",
        }


class SkillsBlock(SectionBlock):
    """A checklist of the skills and qualifications the role requires."""

    items = blocks.ListBlock(
        LineBlock(max_length=300, label="Skill"),
        min_num=1,
        help_text="One skill or qualification per item, most important first.",
    )

    class Meta:
        section = "skills"
        icon = "tasks"
        label = SECTION_LABELS["skills"]
        template = "careers/blocks/skills.html"
        description = "A checklist of required skills and qualifications."
        preview_value = {
            "heading": "",
            "items": ["SQL and data modelling", "Python", "Orchestration with Airflow"],
        }

    def get_default(self):
        return with_one_empty_item(super().get_default(), "items", self.child_blocks["items"])


class DayInTheLifeBlock(SectionBlock):
    """A narrative of a typical day."""

    body = APIRichTextBlock(
        features=RICH_TEXT_FEATURES, help_text="A typical day, told in the second person."
    )

    class Meta:
        section = "day_in_the_life"
        icon = "time"
        label = SECTION_LABELS["day_in_the_life"]
        template = "careers/blocks/day_in_the_life.html"
        description = "A narrative of a typical working day."
        preview_value = {
            "heading": "",
            "body": "<p>The morning starts with a failed nightly job and a coffee.</p>",
        }


class CareerPathValue(SectionValue):
    """The ladder, with each step's level meaning for matching against salary rows."""

    @cached_property
    def step_meanings(self) -> list[tuple[str, str | None]]:
        return [(step, level_meaning(step)) for step in self.get("steps") or []]


class CareerPathBlock(SectionBlock):
    """The ordered ladder of level titles, from intern to the top."""

    steps = blocks.ListBlock(
        LineBlock(max_length=120, label="Level title"),
        min_num=1,
        help_text="Level titles in order, lowest first (e.g. Intern, Engineer I, Engineer II).",
    )

    class Meta:
        section = "career_path"
        value_class = CareerPathValue
        icon = "list-ol"
        label = SECTION_LABELS["career_path"]
        template = "careers/blocks/career_path.html"
        description = "The ordered career ladder, lowest level first."
        preview_value = {
            "heading": "",
            "steps": ["Data Engineering Intern", "Data Engineer I", "Data Engineer II"],
        }

    def get_default(self):
        return with_one_empty_item(super().get_default(), "steps", self.child_blocks["steps"])


def _figure(label: str, help_text: str) -> blocks.IntegerBlock:
    """A salary-table figure: whole, not negative, within the one limit (FIGURE_MAX)."""
    block = blocks.IntegerBlock(
        required=False, min_value=0, max_value=FIGURE_MAX, label=label, help_text=help_text
    )
    # IntegerBlock takes no error_messages; the field's own dict words the limit like every path.
    block.field.error_messages["max_value"] = FIGURE_TOO_LARGE
    return block


class SalaryRowValue(blocks.StructValue):
    """One level's typed figures; formatting comes from careers.facts, given the currency."""

    @property
    def level_display(self) -> str:
        return level_display(self.get("level") or "", self.get("years_min"), self.get("years_max"))

    @property
    def level_meaning(self) -> str | None:
        return level_meaning(self.get("level") or "")

    @property
    def has_base(self) -> bool:
        return self.get("base_min") is not None or self.get("base_max") is not None

    @property
    def has_intern_pay(self) -> bool:
        return (
            self.get("intern_monthly_min") is not None or self.get("intern_monthly_max") is not None
        )


@dataclass(frozen=True)
class FormattedRow:
    """A salary row as the page shows it: every figure already formatted."""

    level: str
    base: str
    total_comp: str
    intern_monthly: str
    row: SalaryRowValue


# The static files that make the role body's admin form read like the page (role-body.js).
ROLE_BODY_MEDIA = forms.Media(
    js=["careers/admin/role-body.js"], css={"all": ["careers/admin/role-body.css"]}
)


def _range_group(prefix: str, heading: str, names: list[str]) -> BlockGroup:
    """A row's fields for one range, marked with the range so the admin can hide it."""
    # No summary beside the group's heading: the row's own label already gives the figures.
    return BlockGroup(names, heading=heading, attrs={"data-salary-range": prefix}, label_format="")


class SalaryRowBlock(APIStructBlock):
    """One level of the salary table. Any figure may be absent; none may be text."""

    level = LineBlock(max_length=80, help_text='Level label, e.g. "Entry-Level" or "Senior".')
    # No default: a row stored before kinds existed gets its kind from row_kind (its level).
    kind = blocks.ChoiceBlock(
        choices=list(ROW_KINDS.items()),
        label="Row kind",
        help_text="A level has experience, base salary and uplift; an internship has monthly pay.",
        # Its choice labels ("A level (base salary)") are form words, not the page's content.
        search_index=False,
    )
    years_min = _figure("Years of experience (from)", "Leave blank if not applicable.")
    years_max = _figure("Years of experience (to)", 'Leave blank for open-ended ("8+ yrs").')
    base_min = _figure("Base salary minimum", "Per year, whole units of the table's currency.")
    base_max = _figure("Base salary maximum", "Per year, whole units of the table's currency.")
    uplift_min = _figure("Total comp uplift % (from)", "Percent on top of base, e.g. 20.")
    uplift_max = _figure("Total comp uplift % (to)", "Percent on top of base, e.g. 40.")
    uplift_note = LineBlock(
        required=False,
        max_length=80,
        default="in equity/bonus",
        help_text='What the uplift is made of, e.g. "in equity/bonus".',
    )
    intern_monthly_min = _figure("Intern pay per month (from)", "Per month.")
    intern_monthly_max = _figure("Intern pay per month (to)", "Per month.")

    FIGURES = tuple(
        f"{prefix}_{end}" for prefix in SALARY_RANGES if prefix != "years" for end in ("min", "max")
    )

    class Meta:
        value_class = SalaryRowValue
        icon = "form"
        label = "Salary row"
        # Without role-body.js; with it, the label also names the range (row_summary).
        label_format = "{level}"
        form_classname = "struct-block careers-salary-row"
        form_layout = BlockGroup(
            [
                "level",
                "kind",
                _range_group("years", "Experience", ["years_min", "years_max"]),
                _range_group("base", "Base salary", ["base_min", "base_max"]),
                _range_group(
                    "uplift", "Total comp uplift", ["uplift_min", "uplift_max", "uplift_note"]
                ),
                _range_group(
                    "intern_monthly", "Intern pay", ["intern_monthly_min", "intern_monthly_max"]
                ),
            ]
        )

    def new_row(self, level: str):
        """An empty row labelled ``level``, of the kind its label implies."""
        value = self.get_default()
        value["level"] = level
        value["kind"] = None
        return self.with_kind(value)

    def with_kind(self, value):
        """The value with its kind: stored rows from before kinds (and API rows that leave it
        out) read as row_kind says; a kind that was given is kept for clean to judge."""
        if value.get("kind") is None:
            value["kind"] = row_kind(value)
        return value

    def to_python(self, value):
        return self.with_kind(super().to_python(value))

    def bulk_to_python(self, values):
        return [self.with_kind(value) for value in super().bulk_to_python(values)]

    def normalize(self, value):
        return self.with_kind(super().normalize(value))

    def value_from_datadict(self, data, files, prefix):
        # A form opened before rows had kinds posts none: it reads as the stored row does.
        return self.with_kind(super().value_from_datadict(data, files, prefix))

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        for prefix, label in SALARY_RANGES.items():
            low, high = value.get(f"{prefix}_min"), value.get(f"{prefix}_max")
            if problem := range_problem(low, high, label):
                errors[f"{prefix}_min"] = ValidationError(problem)
        # A draft may keep a labelled row still to fill in (a new page's levels); not a publish.
        blank = all(value.get(name) is None for name in self.FIGURES)
        if blank and not self.is_deferred_validation:
            # On the first figure the row's kind shows, so the message is never out of sight.
            first = "intern_monthly_min" if row_kind(value) == INTERN_ROW else "base_min"
            errors[first] = ValidationError(
                "This level has no figures: give a base salary, an uplift or intern pay."
            )
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


# What the quick facts say for a table with no intern row.
NO_INTERNSHIPS = "No internships"


class SalaryTableValue(SectionValue):
    """The typed salary table and everything derived from it: display rows and the summary."""

    @property
    def currency(self) -> str:
        return self.get("currency") or DEFAULT_CURRENCY

    @cached_property
    def formatted_rows(self) -> list[FormattedRow]:
        currency = self.currency
        return [
            FormattedRow(
                level=row.level_display,
                base=format_money_range(row.get("base_min"), row.get("base_max"), currency),
                total_comp=format_percent_range(
                    row.get("uplift_min"), row.get("uplift_max"), row.get("uplift_note") or ""
                ),
                intern_monthly=format_money_range(
                    row.get("intern_monthly_min"), row.get("intern_monthly_max"), currency, "/mo"
                ),
                row=row,
            )
            for row in self.get("rows") or []
        ]

    @cached_property
    def base_bounds(self) -> tuple[int | None, int | None]:
        """Lowest and highest base salary across all levels."""
        return level_bounds(self.get("rows") or [])

    @property
    def base_range_display(self) -> str:
        low, high = self.base_bounds
        return format_money_range(low, high, self.currency)

    @property
    def has_intern_row(self) -> bool:
        return any(row.has_intern_pay for row in self.get("rows") or [])

    @property
    def uplift_range_display(self) -> str:
        """Total-comp uplift across levels, "+10–40%" (the quick facts read it)."""
        low, high = level_bounds(self.get("rows") or [], "uplift")
        return format_percent_range(low, high)

    @property
    def intern_monthly_display(self) -> str:
        """Intern monthly pay across levels, "$8,000–$13,000/mo", or "No internships"."""
        if not self.has_intern_row:
            return NO_INTERNSHIPS
        low, high = level_bounds(self.get("rows") or [], "intern_monthly")
        return format_money_range(low, high, self.currency, "/mo")

    @property
    def level_count(self) -> int:
        """Career levels only: an internship row is not a level of the ladder."""
        return sum(1 for row in self.get("rows") or [] if row_kind(row) != INTERN_ROW)

    @property
    def caption(self) -> str:
        year = self.get("as_of_year")
        suffix = f", {year} estimates" if year else ""
        return f"Salary by level ({self.currency}{suffix})"

    @property
    def source_line(self) -> str:
        """ "Salary data sourced from … 2026 estimates.", printed under the table."""
        return source_line(self.get("source_note"), self.get("as_of_year"))

    @cached_property
    def chart(self) -> SalaryChart | None:
        """The base-salary chart beside the table (None when no level has a base salary)."""
        return salary_chart(self)


class SalaryTableBlock(SectionBlock):
    """Salary by level: typed numbers with a currency, the one source of every salary figure."""

    currency = LineBlock(
        max_length=3,
        default=DEFAULT_CURRENCY,
        help_text="ISO 4217 currency code, e.g. USD, EUR, GBP.",
    )
    as_of_year = blocks.IntegerBlock(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text="The year the figures describe.",
    )
    source_note = LineBlock(
        required=False,
        max_length=300,
        help_text='Where the figures come from, e.g. "Levels.fyi, Glassdoor and company disclosures".',
    )
    rows = blocks.ListBlock(
        SalaryRowBlock(),
        min_num=1,
        help_text="One row per level, lowest first.",
    )

    class Meta:
        section = "salary_table"
        value_class = SalaryTableValue
        icon = "table"
        label = SECTION_LABELS["salary_table"]
        template = "careers/blocks/salary_table.html"
        description = "Salary figures by level: base, total-comp uplift and intern pay."
        preview_value = {
            "heading": "",
            "currency": DEFAULT_CURRENCY,
            "as_of_year": 2026,
            "source_note": "Levels.fyi and Glassdoor",
            "rows": [
                {"level": "Intern", "intern_monthly_min": 7000, "intern_monthly_max": 10000},
                {
                    "level": "Entry-Level",
                    "years_min": 0,
                    "years_max": 2,
                    "base_min": 110000,
                    "base_max": 150000,
                    "uplift_min": 10,
                    "uplift_max": 25,
                    "uplift_note": "in equity/bonus",
                },
            ],
        }

    def get_default(self):
        """A new table: one row per standard level, labelled, figures blank."""
        value = super().get_default()
        row_block = self.child_blocks["rows"].child_block
        value["rows"] = self.child_blocks["rows"].normalize(
            [row_block.new_row(level) for level in STANDARD_LEVELS]
        )
        return value

    def clean(self, value):
        code = (value.get("currency") or "").strip().upper()
        value["currency"] = code
        errors = {}
        try:
            value = super().clean(value)
        except StructBlockValidationError as exc:
            errors.update(exc.block_errors)
        if problem := currency_problem(code):
            errors["currency"] = ValidationError(problem)
        if errors:
            raise StructBlockValidationError(block_errors=errors)
        return value


class ApplyValue(SectionValue):
    """The call to action; its text falls back to the site's default apply text."""

    def display_text(self, role_name: str, site_settings=None) -> str:
        text = (self.get("text") or "").strip()
        if text:
            return text
        return fill_apply_text(
            apply_text_template(site_settings), organisation_name(site_settings), role_name
        )


class ApplyBlock(SectionBlock):
    """Call to action: where a visitor applies for this role."""

    text = blocks.TextBlock(
        required=False,
        help_text="Leave blank to use the site's default apply text (Settings → Careers).",
    )
    button_label = LineBlock(
        max_length=60, default=DEFAULT_BUTTON_LABEL, help_text="The button's words."
    )

    class Meta:
        section = "apply"
        value_class = ApplyValue
        icon = "pick"
        label = SECTION_LABELS["apply"]
        template = "careers/blocks/apply.html"
        description = "A call to action that leads to the application form."
        preview_value = {"heading": "", "text": "", "button_label": DEFAULT_BUTTON_LABEL}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        site_settings = (parent_context or {}).get("careers_settings")
        context["text"] = value.display_text(role_name_from_context(parent_context), site_settings)
        page = (parent_context or {}).get("page")
        context["apply_url"] = getattr(page, "apply_url", "") or "#apply"
        return context


class FaqItemBlock(APIStructBlock):
    """One question and its answer."""

    question = LineBlock(max_length=300, help_text="Phrase it as a visitor would ask it.")
    answer = APIRichTextBlock(features=RICH_TEXT_FEATURES, help_text="A short, direct answer.")

    class Meta:
        icon = "help"
        label = "Question"


class FaqBlock(SectionBlock):
    """Frequently asked questions about the role."""

    items = blocks.ListBlock(FaqItemBlock(), min_num=1, help_text="Questions and answers.")

    class Meta:
        section = "faq"
        icon = "help"
        label = SECTION_LABELS["faq"]
        template = "careers/blocks/faq.html"
        description = "Questions and answers about the role."
        preview_value = {
            "heading": "",
            "items": [
                {
                    "question": "Do data engineers need to know Spark?",
                    "answer": "<p>Often, but SQL comes first.</p>",
                }
            ],
        }

    def get_default(self):
        return with_one_empty_item(super().get_default(), "items", self.child_blocks["items"])

    def clean(self, value):
        value = super().clean(value)
        seen = {}
        errors = {}
        for index, item in enumerate(value.get("items") or []):
            key = " ".join((item.get("question") or "").lower().split())
            if key in seen:
                errors[index] = StructBlockValidationError(
                    block_errors={
                        "question": ValidationError(
                            f"This question repeats question {seen[key] + 1}."
                        )
                    }
                )
            seen.setdefault(key, index)
        if errors:
            raise StructBlockValidationError(
                block_errors={"items": ListBlockValidationError(block_errors=errors)}
            )
        return value


class TextValue(SectionValue):
    """A free section: its heading is whatever the editor wrote."""

    def display_heading(self, role_name: str) -> str:
        return (self.get("heading") or "").strip()


class TextBlock(APIStructBlock):
    """Any other section: a heading and rich text."""

    heading = LineBlock(max_length=200, help_text="The section's heading.")
    body = APIRichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        value_class = TextValue
        icon = "pilcrow"
        label = SECTION_LABELS["text"]
        template = "careers/blocks/text.html"
        description = "A section with its own heading, for anything the other blocks don't cover."
        preview_value = {
            "heading": "Where data engineers work",
            "body": "<p>Everywhere data is a product.</p>",
        }
        section = "text"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["heading"] = value.display_heading("")
        context["heading_id"] = heading_id(value.block.meta.section, parent_context)
        return context


class RoleStreamBlock(blocks.StreamBlock):
    """Every section a role page can hold; the child names are the API contract."""

    overview = OverviewBlock()
    skills = SkillsBlock()
    day_in_the_life = DayInTheLifeBlock()
    career_path = CareerPathBlock()
    salary_table = SalaryTableBlock()
    apply = ApplyBlock()
    faq = FaqBlock()
    text = TextBlock()

    class Meta:
        block_counts = BLOCK_COUNTS

    def new_page_value(self) -> blocks.StreamValue:
        """What a new page opens with in the admin: each standard section, empty, in order."""
        return blocks.StreamValue(
            self,
            [
                (name, self.child_blocks[name].get_default(), str(uuid.uuid4()))
                for name in STANDARD_SECTIONS
            ],
        )

    def get_api_representation(self, value, context=None):
        # "type", "id", "value": the key order API clients have always been given.
        return [
            {
                "type": child.block_type,
                "id": child.id,
                "value": child.block.get_api_representation(child.value, context=context),
            }
            for child in value or []
        ]


class SalaryRowBlockAdapter(StructBlockAdapter):
    """Gives role-body.js what it needs to label a row and hide the ranges its kind doesn't use."""

    js_constructor = "careers.blocks.SalaryRowBlock"

    def js_args(self, block):
        name, children, meta = super().js_args(block)
        meta = {
            **meta,
            "kindRanges": KIND_RANGES,
            "internKind": INTERN_ROW,
            "currencySymbols": CURRENCY_SYMBOLS,
            "defaultCurrency": DEFAULT_CURRENCY,
            "separator": SUMMARY_SEPARATOR,
        }
        return [name, children, meta]

    @cached_property
    def media(self):
        return super().media + ROLE_BODY_MEDIA


class RoleStreamBlockAdapter(StreamBlockAdapter):
    """Tells role-body.js which sections a page can't lose its last one of."""

    js_constructor = "careers.blocks.RoleStreamBlock"

    def js_args(self, block):
        name, groups, initial_states, meta = super().js_args(block)
        meta = {
            **meta,
            "requiredSections": list(REQUIRED_SECTIONS),
            "requiredMessage": "Every role page needs this section, so its last one can't be deleted.",
        }
        return [name, groups, initial_states, meta]

    @cached_property
    def media(self):
        return super().media + ROLE_BODY_MEDIA


register(SalaryRowBlockAdapter(), SalaryRowBlock)
register(RoleStreamBlockAdapter(), RoleStreamBlock)
